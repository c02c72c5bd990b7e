"use client";

import Link from "next/link";
import { DataTable, Th } from "@/components/catalog/ui";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import type { MachineIssue } from "@/lib/contracts/machines";
import { SwitchIssues } from "@/components/admin/switch-issues";
import { LivelinessBadge, StateBadge } from "./badges";
import { issueKinds } from "./issue-reasons";
import { LiveIndicator } from "./live-indicator";
import { useMachinePages } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";

function IssueSection({ kind, refetchInterval }: { kind: (typeof issueKinds)[number]; refetchInterval: number }) {
  const { query, machines } = useMachinePages({ issue: kind.issue satisfies MachineIssue }, refetchInterval);
  const headingId = `issue-${kind.issue}`;
  return (
    <section aria-labelledby={headingId} data-testid="issue-section" data-issue={kind.issue} className="mb-6">
      <h2 id={headingId} className="text-lg font-semibold">
        {kind.title} <span className="text-sm font-normal text-slate-500">{query.isPending ? "" : `${machines.length}${query.hasNextPage ? "+" : ""}`}</span>
      </h2>
      <p className="mb-2 text-sm text-slate-600">{kind.help}</p>
      {query.isPending ? <Loading />
        : query.isError ? <ErrorState error={query.error} retry={() => query.refetch()} />
        : machines.length === 0 ? <p className="rounded-md border border-dashed border-slate-300 bg-white p-3 text-sm text-slate-500">None.</p>
        : (
          <DataTable caption={kind.title} head={<><Th>Machine</Th><Th>Where</Th><Th>State</Th><Th>Liveliness</Th><Th>Reason</Th></>}>
            {machines.map((m) => (
              <tr key={m.id} className="border-t border-slate-100 align-top" data-testid="issue-row">
                <td className="px-3 py-2"><Link href={`/admin/machines/${m.id}`} className="font-mono text-xs text-brand-700 hover:underline">{m.id}</Link></td>
                <td className="px-3 py-2 whitespace-nowrap">{m.partitionId}{m.rack ? ` / ${m.rack}` : ""}</td>
                <td className="px-3 py-2"><StateBadge machine={m} /></td>
                <td className="px-3 py-2"><LivelinessBadge liveliness={m.liveliness} /></td>
                <td className="px-3 py-2 text-slate-700">{kind.reason(m)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      {query.hasNextPage && <p className="mt-2 text-sm"><Link href={`/admin/machines?${new URLSearchParams({ issue: kind.issue })}`} className="text-brand-700 hover:underline">All of them →</Link></p>}
    </section>
  );
}

/** Admin console: the machines that need an operator, grouped by what is wrong, updating live. */
export function AdminIssuesPage() {
  const stream = useMachineStream();
  return (
    <>
      <PageHeader title="Machine issues" description="Machines that need an operator, grouped by what is wrong." actions={<LiveIndicator status={stream.status} />} />
      <SwitchIssues refetchInterval={stream.refetchInterval} />
      {issueKinds.map((k) => <IssueSection key={k.issue} kind={k} refetchInterval={stream.refetchInterval} />)}
      <p className="mt-6 text-sm"><Link href="/admin/machines" className="text-brand-700 hover:underline">← All machines</Link></p>
    </>
  );
}

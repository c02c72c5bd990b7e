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
  const count = query.isPending ? null : `${machines.length}${query.hasNextPage ? "+" : ""}`;
  const badge = count !== null && (
    <span className={`ml-2 rounded-full px-2 py-0.5 align-middle text-xs font-medium ${machines.length > 0 ? "bg-red-100 text-red-800" : "bg-slate-100 text-slate-700"}`}>{count}</span>
  );
  // An empty kind collapses to one line (title, meaning, a 0 badge), so the problems stand out.
  if (query.isSuccess && machines.length === 0) {
    return (
      <section aria-labelledby={headingId} data-testid="issue-section" data-issue={kind.issue} data-empty="true" className="mb-2 flex flex-wrap items-baseline gap-x-2 border-b border-slate-100 pb-2">
        <h2 id={headingId} className="text-sm font-medium">{kind.title}{badge}</h2>
        <p className="text-xs text-slate-600">{kind.help}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby={headingId} data-testid="issue-section" data-issue={kind.issue} className="mb-6">
      <h2 id={headingId} className="text-lg font-semibold">{kind.title}{badge}</h2>
      <p className="mb-2 text-sm text-slate-600">{kind.help}</p>
      {query.isPending ? <Loading />
        : query.isError ? <ErrorState error={query.error} retry={() => query.refetch()} />
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

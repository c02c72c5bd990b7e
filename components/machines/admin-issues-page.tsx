"use client";

import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/ui/data-table";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import type { MachineDto, MachineIssue } from "@/lib/contracts/machines";
import { SwitchIssues } from "@/components/admin/switch-issues";
import { LivelinessBadge, StateBadge } from "./badges";
import { issueKinds } from "./issue-reasons";
import { LiveIndicator } from "./live-indicator";
import { useMachineFirstPage } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";

/** Machines shown per kind; the rest are one link away (the machine list filtered by the issue). */
const SHOWN = 50;

function issueColumns(kind: (typeof issueKinds)[number]): ColumnDef<MachineDto, unknown>[] {
  return [
    { id: "machine", header: "Machine", cell: ({ row: { original: m } }) => (
      <>
        {m.allocation?.hostname && <div className="font-medium">{m.allocation.hostname}</div>}
        <Link href={`/admin/machines/${m.id}`} className="font-mono text-xs text-brand-700 hover:underline">{m.id}</Link>
      </>
    ) },
    { id: "where", header: "Where", meta: { className: "whitespace-nowrap" }, cell: ({ row: { original: m } }) => `${m.partitionId}${m.rack ? ` / ${m.rack}` : ""}` },
    { id: "state", header: "State", cell: ({ row }) => <StateBadge machine={row.original} /> },
    { id: "liveliness", header: "Liveliness", cell: ({ row }) => <LivelinessBadge liveliness={row.original.liveliness} /> },
    { id: "reason", header: "Reason", meta: { className: "text-slate-700" }, cell: ({ row }) => kind.reason(row.original) },
  ];
}

function IssueSection({ kind, refetchInterval }: { kind: (typeof issueKinds)[number]; refetchInterval: number }) {
  const { query, machines, total } = useMachineFirstPage({ issue: kind.issue satisfies MachineIssue }, refetchInterval, SHOWN);
  const headingId = `issue-${kind.issue}`;
  const count = query.isPending ? null : String(total);
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
          <DataTable caption={kind.title} columns={issueColumns(kind)} data={machines} rowProps={() => ({ "data-testid": "issue-row" })} />
        )}
      {total > machines.length && <p className="mt-2 text-sm"><Link href={`/admin/machines?${new URLSearchParams({ issue: kind.issue })}`} className="text-brand-700 hover:underline">All {total} of them →</Link></p>}
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

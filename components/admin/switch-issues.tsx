"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { ErrorState, Loading } from "@/components/ui/states";
import type { SwitchDto } from "@/lib/contracts/switches";
import { issueLabels } from "./switch-format";
import { useSwitches } from "./use-switches";

/** The issues view's switch section: switches not synced for over a minute, or whose last sync failed. */
export function SwitchIssues({ refetchInterval }: { refetchInterval: number }) {
  const q = useSwitches(refetchInterval);
  const broken = q.data?.items.filter((s) => s.issues.length > 0) ?? [];
  return (
    <section aria-labelledby="issue-switches" data-testid="issue-section" data-issue="switches" className="mb-6">
      <h2 id="issue-switches" className="text-lg font-semibold">Switches <span className="text-sm font-normal text-slate-500">{q.isPending ? "" : broken.length}</span></h2>
      <p className="mb-2 text-sm text-slate-600">Not synced for over a minute (agent down or unreachable), or the last sync failed (the previous config stays).</p>
      {q.isPending ? <Loading />
        : q.isError ? <ErrorState error={q.error} retry={() => q.refetch()} />
        : broken.length === 0 ? <p className="rounded-md border border-dashed border-slate-300 bg-white p-3 text-sm text-slate-500">None.</p>
        : (
          <DataTable caption="Switches with issues" data={broken} rowProps={() => ({ "data-testid": "issue-row" })} columns={[
            { id: "switch", header: "Switch", cell: ({ row: { original: s } }) => <Link href={`/admin/switches/${encodeURIComponent(s.id)}`} className="font-mono text-xs text-brand-700 hover:underline">{s.id}</Link> },
            { id: "where", header: "Where", cell: ({ row: { original: s } }) => `${s.partitionId} / ${s.rack}` },
            { id: "reason", header: "Reason", meta: { className: "text-slate-700" }, cell: ({ row: { original: s } }) => `${s.issues.map((i) => issueLabels[i]).join("; ")}${s.lastError && s.issues.includes("syncFailed") ? `: ${s.lastError.message.split("\n")[0]}` : ""}` },
          ] satisfies ColumnDef<SwitchDto, unknown>[]} />
        )}
    </section>
  );
}

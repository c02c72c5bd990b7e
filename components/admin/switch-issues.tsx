"use client";

import Link from "next/link";
import { DataTable, Th } from "@/components/catalog/ui";
import { ErrorState, Loading } from "@/components/ui/states";
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
          <DataTable caption="Switches with issues" head={<><Th>Switch</Th><Th>Where</Th><Th>Reason</Th></>}>
            {broken.map((s) => (
              <tr key={s.id} className="border-t border-slate-100 align-top" data-testid="issue-row">
                <td className="px-3 py-2"><Link href={`/admin/switches/${encodeURIComponent(s.id)}`} className="font-mono text-xs text-brand-700 hover:underline">{s.id}</Link></td>
                <td className="px-3 py-2">{s.partitionId} / {s.rack}</td>
                <td className="px-3 py-2 text-slate-700">{s.issues.map((i) => issueLabels[i]).join("; ")}{s.lastError && s.issues.includes("syncFailed") ? `: ${s.lastError.message.split("\n")[0]}` : ""}</td>
              </tr>
            ))}
          </DataTable>
        )}
    </section>
  );
}

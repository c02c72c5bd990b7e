"use client";

import Link from "next/link";
import { Badge, DataTable, Th } from "@/components/catalog/ui";
import { LiveIndicator } from "@/components/machines/live-indicator";
import { RelativeTime, useNow } from "@/components/machines/relative-time";
import { useMachineStream } from "@/components/machines/use-machine-stream";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { issueLabels, syncTone } from "./switch-format";
import { useSwitches } from "./use-switches";

/** Admin console: every switch with its last sync (age coloured, duration) and last error. */
export function SwitchesPage() {
  const stream = useMachineStream();
  const switches = useSwitches(stream.refetchInterval);
  const now = useNow();
  return (
    <>
      <PageHeader title="Switches" description="Leaf switches and their agents: what they run, when they last synced, what went wrong." actions={<LiveIndicator status={stream.status} />} />
      {switches.isPending ? <Loading />
        : switches.isError ? <ErrorState error={switches.error} retry={() => switches.refetch()} />
        : switches.data.items.length === 0 ? <EmptyState title="No switches yet" body="A switch appears here once its switch agent registers (docs/fabric.md)." />
        : (
          <DataTable caption="Switches" head={<><Th>Switch</Th><Th>Where</Th><Th>OS / agent</Th><Th>Management</Th><Th>Mode</Th><Th>Machines</Th><Th>Last sync</Th><Th>Last error</Th></>}>
            {switches.data.items.map((s) => (
              <tr key={s.id} className="border-t border-slate-100 align-top" data-testid="switch-row">
                <td className="px-3 py-2"><Link href={`/admin/switches/${encodeURIComponent(s.id)}`} className="font-mono text-brand-700 hover:underline">{s.id}</Link></td>
                <td className="px-3 py-2 whitespace-nowrap">{s.partitionId} / {s.rack}</td>
                <td className="px-3 py-2">{s.os.vendor} {s.os.version}<div className="text-xs text-slate-500">agent {s.agentVersion}</div></td>
                <td className="px-3 py-2 font-mono text-xs">{s.managementAddress || "—"}</td>
                <td className="px-3 py-2">{s.mode === "replace" ? <Badge tone="amber">replace</Badge> : "operational"}</td>
                <td className="px-3 py-2">{s.connectedMachines} / {s.portCount} ports</td>
                <td className="px-3 py-2 whitespace-nowrap" data-testid="last-sync">
                  <Badge tone={syncTone(s, now)}>{s.lastSync ? <RelativeTime iso={s.lastSync.time} now={now} /> : "never"}</Badge>
                  {s.lastSync && <div className="text-xs text-slate-500">took {s.lastSync.durationMs} ms</div>}
                  {s.issues.map((i) => <div key={i} className="text-xs text-red-700">{issueLabels[i]}</div>)}
                </td>
                <td className="px-3 py-2 max-w-xs truncate text-xs text-slate-700" title={s.lastError?.message}>{s.lastError ? s.lastError.message.split("\n")[0] : "—"}</td>
              </tr>
            ))}
          </DataTable>
        )}
    </>
  );
}

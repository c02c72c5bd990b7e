"use client";

import Link from "next/link";
import { Alert, Badge, DataTable, smallButton, Th } from "@/components/catalog/ui";
import { LiveIndicator } from "@/components/machines/live-indicator";
import { RelativeTime, useNow } from "@/components/machines/relative-time";
import { useMachineStream } from "@/components/machines/use-machine-stream";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import type { SwitchPortDto } from "@/lib/contracts/switches";
import { issueLabels, syncTone } from "./switch-format";
import { useSetPortAdminState, useSwitch } from "./use-switches";

const back = <p className="mt-6 text-sm"><Link href="/admin/switches" className="text-brand-700 hover:underline">← All switches</Link></p>;
const stateTone = (s: string) => (s === "up" ? "green" : s === "down" ? "red" : "slate");

function BgpCell({ bgp, now }: { bgp: SwitchPortDto["bgp"]; now: number }) {
  if (!bgp) return <span className="text-slate-400">—</span>;
  return (
    <div>
      <Badge tone={bgp.state === "Established" ? "green" : "amber"}>{bgp.state}</Badge>
      <div className="text-xs text-slate-500">{bgp.vrf}{bgp.peerGroup ? ` · ${bgp.peerGroup}` : ""}</div>
      {bgp.establishedSince && <div className="text-xs text-slate-500">up <RelativeTime iso={bgp.establishedSince} now={now} /></div>}
      <div className="text-xs text-slate-500">{bgp.prefixesAccepted}/{bgp.prefixesReceived} prefixes accepted</div>
    </div>
  );
}

/** Admin console: one switch and its port table (FABRIC §6); operators with write access toggle ports. */
export function SwitchDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const stream = useMachineStream();
  const sw = useSwitch(id, stream.refetchInterval);
  const toggle = useSetPortAdminState(id);
  const now = useNow();
  if (sw.isPending) return <><PageHeader title={`Switch ${id}`} /><Loading /></>;
  if (sw.isError) return <><PageHeader title={`Switch ${id}`} /><ErrorState error={sw.error} retry={() => sw.refetch()} />{back}</>;
  const s = sw.data;
  const ask = (p: SwitchPortDto) => {
    const to = p.desiredAdminState === "up" ? "down" : "up";
    const who = p.machineId ? ` Machine ${p.machineId} (${p.nic}) is cabled to it${to === "down" ? " and loses this uplink" : ""}.` : "";
    if (confirm(`Set ${s.id} ${p.name} administratively ${to}?${who}`)) toggle.mutate({ port: p.name, adminState: to });
  };
  return (
    <>
      <PageHeader title={`Switch ${s.id}`} description={`${s.partitionId} · rack ${s.rack} · ${s.os.vendor} ${s.os.version} · agent ${s.agentVersion} · AS ${s.asn} · ${s.mode}`} actions={<LiveIndicator status={stream.status} />} />
      <p className="mb-4 text-sm" data-testid="switch-sync">
        Last sync: <Badge tone={syncTone(s, now)}>{s.lastSync ? <RelativeTime iso={s.lastSync.time} now={now} /> : "never"}</Badge>
        {s.lastSync && <span className="text-slate-500"> (took {s.lastSync.durationMs} ms)</span>}
        {s.issues.map((i) => <span key={i} className="ml-2 text-red-700">{issueLabels[i]}</span>)}
      </p>
      {s.lastError && <pre className="mb-4 max-h-40 overflow-auto rounded-md border border-red-200 bg-red-50 p-3 text-xs text-red-800" data-testid="switch-error">{s.lastError.message}</pre>}
      {toggle.isError && <Alert>{toggle.error.message}</Alert>}
      <DataTable caption="Ports" head={<><Th>Port</Th><Th>Role</Th><Th>Machine</Th><Th>VRF</Th><Th>Filter</Th><Th>Desired</Th><Th>Actual</Th><Th>BGP</Th>{canEdit && <Th sr="Actions" />}</>}>
        {s.ports.map((p) => (
          <tr key={p.name} className="border-t border-slate-100 align-top" data-testid="port-row" data-port={p.name}>
            <td className="px-3 py-2 font-mono text-xs">{p.name}<div className="text-slate-400">{p.mac}</div></td>
            <td className="px-3 py-2">{p.role}</td>
            <td className="px-3 py-2">{p.machineId ? <Link href={`/admin/machines/${p.machineId}`} className="font-mono text-xs text-brand-700 hover:underline">{p.machineId}</Link> : "—"}{p.nic && <div className="text-xs text-slate-500">{p.nic}</div>}</td>
            <td className="px-3 py-2 font-mono text-xs">{p.vrf ?? "—"}{p.vlan !== null && <div className="text-slate-500">VLAN {p.vlan}</div>}</td>
            <td className="px-3 py-2 font-mono text-xs">{p.filter.prefixes.length || p.filter.vnis.length ? [...p.filter.prefixes, ...p.filter.vnis.map((v) => `VNI ${v}`)].join(", ") : "—"}</td>
            <td className="px-3 py-2" data-testid="desired-state"><Badge tone={stateTone(p.desiredAdminState)}>{p.desiredAdminState}</Badge></td>
            <td className="px-3 py-2" data-testid="oper-state"><Badge tone={stateTone(p.operState)}>{p.operState}</Badge></td>
            <td className="px-3 py-2"><BgpCell bgp={p.bgp} now={now} /></td>
            {canEdit && (
              <td className="px-3 py-2">
                <button className={smallButton} disabled={toggle.isPending} onClick={() => ask(p)}>{p.desiredAdminState === "up" ? "Set down" : "Set up"}</button>
              </td>
            )}
          </tr>
        ))}
      </DataTable>
      {back}
    </>
  );
}

"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { Alert, Badge } from "@/components/catalog/ui";
import { LiveIndicator } from "@/components/machines/live-indicator";
import { useMachineStream } from "@/components/machines/use-machine-stream";
import { smallButton } from "@/components/ui/buttons";
import { useConfirm } from "@/components/ui/confirm";
import { actionsColumn, DataTable } from "@/components/ui/data-table";
import { useListParams } from "@/components/ui/pager";
import { SearchBox } from "@/components/ui/search-box";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { Time, useNow } from "@/components/ui/time";
import type { SwitchPortDto } from "@/lib/contracts/switches";
import { issueLabels, syncTone } from "./switch-format";
import { viewPorts } from "./switch-list";
import { useSetPortAdminState, useSwitch } from "./use-switches";

const back = <p className="mt-6 text-sm"><Link href="/admin/switches" className="text-brand-700 hover:underline">← All switches</Link></p>;
const stateTone = (s: string) => (s === "up" ? "green" : s === "down" ? "red" : "slate");

function BgpCell({ bgp }: { bgp: SwitchPortDto["bgp"] }) {
  if (!bgp) return <span className="text-slate-400">—</span>;
  return (
    <div data-testid="port-bgp">
      <Badge tone={bgp.state === "Established" ? "green" : "amber"}>{bgp.state}</Badge>
      <div className="text-xs text-slate-500">{bgp.vrf}{bgp.peerGroup ? ` · ${bgp.peerGroup}` : ""}</div>
      {bgp.establishedSince && <div className="text-xs text-slate-500">up <Time iso={bgp.establishedSince} show="relative" /></div>}
      <div className="text-xs text-slate-500" data-testid="port-prefixes">{bgp.prefixesAccepted}/{bgp.prefixesReceived} prefixes accepted</div>
    </div>
  );
}

function portColumns(canEdit: boolean, busy: boolean, ask: (p: SwitchPortDto) => void): ColumnDef<SwitchPortDto, unknown>[] {
  const cols: ColumnDef<SwitchPortDto, unknown>[] = [
    { id: "port", header: "Port", enableHiding: false, meta: { sortKey: "port", className: "font-mono text-xs" }, cell: ({ row: { original: p } }) => <>{p.name}<div className="text-slate-500">{p.mac}</div></> },
    { id: "role", header: "Role", meta: { sortKey: "role" }, cell: ({ row }) => row.original.role },
    {
      id: "machine", header: "Machine", meta: { sortKey: "machine" },
      cell: ({ row: { original: p } }) => <>{p.machineId ? <Link href={`/admin/machines/${p.machineId}`} className="font-mono text-xs text-brand-700 hover:underline">{p.machineId}</Link> : "—"}{p.nic && <div className="text-xs text-slate-500">{p.nic}</div>}</>,
    },
    { id: "vrf", header: "VRF", meta: { sortKey: "vrf", className: "font-mono text-xs" }, cell: ({ row: { original: p } }) => <span data-testid="port-vrf">{p.vrf ?? "—"}{p.vlan !== null && <span className="block text-slate-500">VLAN {p.vlan}</span>}</span> },
    { id: "filter", header: "Filter", meta: { className: "font-mono text-xs" }, cell: ({ row: { original: p } }) => (p.filter.prefixes.length || p.filter.vnis.length ? [...p.filter.prefixes, ...p.filter.vnis.map((v) => `VNI ${v}`)].join(", ") : "—") },
    { id: "desired", header: "Desired", meta: { sortKey: "desired" }, cell: ({ row: { original: p } }) => <span data-testid="desired-state"><Badge tone={stateTone(p.desiredAdminState)}>{p.desiredAdminState}</Badge></span> },
    { id: "actual", header: "Actual", meta: { sortKey: "actual" }, cell: ({ row: { original: p } }) => <span data-testid="oper-state"><Badge tone={stateTone(p.operState)}>{p.operState}</Badge></span> },
    { id: "bgp", header: "BGP", meta: { sortKey: "bgp" }, cell: ({ row }) => <BgpCell bgp={row.original.bgp} /> },
  ];
  if (canEdit) cols.push(actionsColumn((p) => <button className={smallButton} disabled={busy} onClick={() => ask(p)}>{p.desiredAdminState === "up" ? "Set down" : "Set up"}</button>));
  return cols;
}

/** Admin console: one switch and its port table (FABRIC §6), sortable and searchable; operators with write access toggle ports. */
export function SwitchDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const stream = useMachineStream();
  const sw = useSwitch(id, stream.refetchInterval);
  const toggle = useSetPortAdminState(id);
  const now = useNow(5_000) ?? Date.now();
  const confirm = useConfirm();
  const list = useListParams();
  const [q, setQ] = useState("");
  if (sw.isPending) return <><PageHeader title={`Switch ${id}`} /><Loading /></>;
  if (sw.isError) return <><PageHeader title={`Switch ${id}`} /><ErrorState error={sw.error} retry={() => sw.refetch()} />{back}</>;
  const s = sw.data;
  const ask = async (p: SwitchPortDto) => {
    const to = p.desiredAdminState === "up" ? "down" : "up";
    const who = p.machineId ? ` Machine ${p.machineId} (${p.nic}) is cabled to it${to === "down" ? " and loses this uplink" : ""}.` : "";
    if (await confirm({ title: `Set ${s.id} ${p.name} administratively ${to}?`, body: who.trim() || "No machine is cabled to it.", confirmLabel: `Set ${to}` })) toggle.mutate({ port: p.name, adminState: to });
  };
  const ports = viewPorts(s.ports, q, list.sort);
  return (
    <>
      <PageHeader title={`Switch ${s.id}`} description={`${s.partitionId} · rack ${s.rack} · ${s.os.vendor} ${s.os.version} · agent ${s.agentVersion} · AS ${s.asn} · ${s.mode}`} actions={<LiveIndicator status={stream.status} />} />
      <p className="mb-4 text-sm" data-testid="switch-sync">
        Last sync: <Badge tone={syncTone(s, now)}>{s.lastSync ? <Time iso={s.lastSync.time} show="relative" /> : "never"}</Badge>
        {s.lastSync && <span className="text-slate-500"> (took {s.lastSync.durationMs} ms)</span>}
        {s.issues.map((i) => <span key={i} className="ml-2 text-red-700">{issueLabels[i]}</span>)}
      </p>
      {s.lastError && <pre className="mb-4 max-h-40 overflow-auto rounded-md border border-red-200 bg-red-50 p-3 text-xs text-red-800" data-testid="switch-error">{s.lastError.message}</pre>}
      {toggle.isError && <Alert>{toggle.error.message}</Alert>}
      {s.ports.length === 0 ? <EmptyState title="No ports reported" body="The switch agent reports the switch's ports when it registers." />
        : (
          <>
            <SearchBox label="Search ports" placeholder="Search ports (name, machine, VRF, state …)" value={q} onChange={setQ} />
            {ports.length === 0 ? <EmptyState title="No port matches your search" />
              : <DataTable caption="Ports" columns={portColumns(canEdit, toggle.isPending, ask)} data={ports} sort={list.sort} onSort={list.setSort}
                chooserKey="switch-ports" rowProps={(p) => ({ "data-testid": "port-row", "data-port": p.name })} />}
          </>
        )}
      {back}
    </>
  );
}

"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/catalog/ui";
import { LiveIndicator } from "@/components/machines/live-indicator";
import { useMachineStream } from "@/components/machines/use-machine-stream";
import { DataTable } from "@/components/ui/data-table";
import { useListParams } from "@/components/ui/pager";
import { SearchBox } from "@/components/ui/search-box";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { Time, useNow } from "@/components/ui/time";
import type { SwitchDto } from "@/lib/contracts/switches";
import { issueLabels, syncTone } from "./switch-format";
import { viewSwitches } from "./switch-list";
import { useSwitches } from "./use-switches";

function columns(now: number): ColumnDef<SwitchDto, unknown>[] {
  return [
    { id: "id", header: "Switch", enableHiding: false, meta: { sortKey: "id" }, cell: ({ row: { original: s } }) => <Link href={`/admin/switches/${encodeURIComponent(s.id)}`} className="font-mono text-brand-700 hover:underline">{s.id}</Link> },
    { id: "where", header: "Where", meta: { sortKey: "where", className: "whitespace-nowrap" }, cell: ({ row: { original: s } }) => `${s.partitionId} / ${s.rack}` },
    { id: "os", header: "OS / agent", meta: { sortKey: "os" }, cell: ({ row: { original: s } }) => <>{s.os.vendor} {s.os.version}<div className="text-xs text-slate-500">agent {s.agentVersion}</div></> },
    { id: "management", header: "Management", meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.managementAddress || "—" },
    { id: "mode", header: "Mode", meta: { sortKey: "mode" }, cell: ({ row }) => (row.original.mode === "replace" ? <Badge tone="amber">replace</Badge> : "operational") },
    { id: "machines", header: "Machines", meta: { sortKey: "machines", className: "whitespace-nowrap" }, cell: ({ row: { original: s } }) => `${s.connectedMachines} / ${s.portCount} ports` },
    {
      id: "lastSync", header: "Last sync", meta: { sortKey: "lastSync", className: "whitespace-nowrap" },
      cell: ({ row: { original: s } }) => (
        <div data-testid="last-sync">
          <Badge tone={syncTone(s, now)}>{s.lastSync ? <Time iso={s.lastSync.time} show="relative" /> : "never"}</Badge>
          {s.lastSync && <div className="text-xs text-slate-500">took {s.lastSync.durationMs} ms</div>}
          {s.issues.map((i) => <div key={i} className="text-xs text-red-700">{issueLabels[i]}</div>)}
        </div>
      ),
    },
    { id: "lastError", header: "Last error", meta: { className: "max-w-xs truncate text-xs text-slate-700" }, cell: ({ row: { original: s } }) => <span title={s.lastError?.message}>{s.lastError ? s.lastError.message.split("\n")[0] : "—"}</span> },
  ];
}

/** Admin console: every switch with its last sync (age coloured, duration) and last error; sortable, searchable. */
export function SwitchesPage() {
  const stream = useMachineStream();
  const switches = useSwitches(stream.refetchInterval);
  const now = useNow(5_000) ?? Date.now();
  const list = useListParams();
  const [q, setQ] = useState("");
  const items = switches.data ? viewSwitches(switches.data.items, q, list.sort) : [];
  return (
    <>
      <PageHeader title="Switches" description="Leaf switches and their agents: what they run, when they last synced, what went wrong." actions={<LiveIndicator status={stream.status} />} />
      {switches.isPending ? <Loading />
        : switches.isError ? <ErrorState error={switches.error} retry={() => switches.refetch()} />
        : switches.data.items.length === 0 ? <EmptyState title="No switches yet" body="A switch appears here once its switch agent registers (docs/fabric.md)." />
        : (
          <>
            <SearchBox label="Search switches" placeholder="Search switches (id, rack, OS, issue …)" value={q} onChange={setQ} />
            {items.length === 0 ? <EmptyState title="No switch matches your search" />
              : <DataTable caption="Switches" columns={columns(now)} data={items} sort={list.sort} onSort={list.setSort} rowProps={(s) => ({ "data-testid": "switch-row", "data-switch": s.id })} />}
          </>
        )}
    </>
  );
}

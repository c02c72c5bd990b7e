"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { MachineDto } from "@/lib/contracts/machines";
import { CopyButton } from "@/components/ui/copy";
import { DataTable, type SortState } from "@/components/ui/data-table";
import { ConditionBadge, LivelinessBadge, PowerBadge, StateBadge } from "./badges";
import { machineAddresses } from "./format";

function columns(projectName: (id: string) => string): ColumnDef<MachineDto, unknown>[] {
  return [
    {
      id: "machine", header: "Machine", enableHiding: false, meta: { sortKey: "hostname" },
      cell: ({ row: { original: m } }) => (
        <>
          {m.allocation && <div className="font-medium">{m.allocation.hostname}</div>}
          <span className="inline-flex items-center gap-1.5">
            <Link href={`/admin/machines/${m.id}`} className="font-mono text-xs text-brand-700 hover:underline">{m.id}</Link>
            <CopyButton value={m.id} label={`Copy machine ID ${m.id}`} />
          </span>
        </>
      ),
    },
    { id: "state", header: "State", meta: { sortKey: "state" }, cell: ({ row }) => <StateBadge machine={row.original} /> },
    { id: "power", header: "Power", cell: ({ row }) => <PowerBadge state={row.original.powerState} /> },
    { id: "liveliness", header: "Liveliness", meta: { sortKey: "liveliness" }, cell: ({ row }) => <LivelinessBadge liveliness={row.original.liveliness} /> },
    { id: "condition", header: "Condition", cell: ({ row }) => <ConditionBadge condition={row.original.condition} /> },
    { id: "ip", header: "Primary IP", meta: { className: "whitespace-nowrap font-mono text-xs" }, cell: ({ row }) => machineAddresses(row.original)[0] ?? "—" },
    { id: "partition", header: "Partition", meta: { sortKey: "partition" }, cell: ({ row }) => row.original.partitionId },
    { id: "rack", header: "Rack", meta: { sortKey: "rack" }, cell: ({ row }) => row.original.rack || "—" },
    { id: "size", header: "Size", meta: { sortKey: "size", className: "whitespace-nowrap font-mono text-xs" }, cell: ({ row }) => row.original.sizeId ?? <span className="text-amber-800">no size</span> },
    { id: "project", header: "Project", cell: ({ row: { original: m } }) => (m.allocation ? projectName(m.allocation.projectId) : <span className="text-slate-600">free</span>) },
  ];
}

/** Every machine for operators: what and where it is, how it is, and whose it is. */
export function AdminMachineTable({ machines, projectName, sort, onSort }: { machines: MachineDto[]; projectName: (id: string) => string; sort?: SortState; onSort?: (s: SortState) => void }) {
  return (
    <DataTable caption="All machines" columns={columns(projectName)} data={machines} sort={sort} onSort={onSort} chooserKey="admin-machines"
      rowProps={(m) => ({ "data-testid": "admin-machine-row", "data-machine-id": m.id })} />
  );
}

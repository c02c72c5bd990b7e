"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { MachineDto } from "@/lib/contracts/machines";
import { CopyButton } from "@/components/ui/copy";
import { DataTable, type SortState } from "@/components/ui/data-table";
import { LivelinessBadge, PowerBadge, StateBadge } from "./badges";
import { machineAddresses, machineLabel } from "./format";

const columns: ColumnDef<MachineDto, unknown>[] = [
  {
    id: "machine", header: "Machine", enableHiding: false, meta: { sortKey: "hostname" },
    cell: ({ row: { original: m } }) => (
      <>
        <Link href={`/machines/${m.id}`} className="font-medium text-brand-700 hover:underline">{machineLabel(m)}</Link>
        {m.allocation?.name && <div className="text-slate-600">{m.allocation.name}</div>}
      </>
    ),
  },
  { id: "state", header: "State", meta: { sortKey: "state" }, cell: ({ row }) => <StateBadge machine={row.original} words="tenant" /> },
  { id: "power", header: "Power", cell: ({ row }) => <PowerBadge state={row.original.powerState} /> },
    { id: "liveliness", header: "Liveliness", meta: { sortKey: "liveliness" }, cell: ({ row }) => <LivelinessBadge liveliness={row.original.liveliness} /> },
  {
    id: "ip", header: "Primary IP", meta: { className: "whitespace-nowrap" },
    cell: ({ row }) => {
      const ip = machineAddresses(row.original)[0];
      return ip ? <span className="inline-flex items-center gap-2"><span className="font-mono text-xs">{ip}</span><CopyButton value={ip} label={`Copy ${ip}`} /></span> : <span className="text-slate-500">—</span>;
    },
  },
  { id: "size", header: "Size", meta: { sortKey: "size", className: "whitespace-nowrap font-mono text-xs" }, cell: ({ row }) => row.original.sizeId ?? "—" },
  { id: "partition", header: "Partition", meta: { sortKey: "partition" }, cell: ({ row }) => row.original.partitionId },
  { id: "image", header: "Image", meta: { className: "whitespace-nowrap font-mono text-xs" }, cell: ({ row }) => row.original.allocation?.imageId ?? "—" },
];

/** A project's machines: hostname first, then what a tenant needs to see whether it is up and reach it. */
export function MachineTable({ machines, sort, onSort }: { machines: MachineDto[]; sort?: SortState; onSort?: (s: SortState) => void }) {
  return (
    <DataTable caption="Machines of this project" columns={columns} data={machines} sort={sort} onSort={onSort} chooserKey="machines"
      rowProps={(m) => ({ "data-testid": "machine-row", "data-machine-id": m.id })} />
  );
}

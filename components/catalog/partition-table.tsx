"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { PartitionDto } from "@/lib/contracts/catalog";
import { PartitionCapacityCell } from "./capacity-bars";
import { CatalogTable, entityColumn, labelsCell } from "./catalog-table";
import { partitionKeys } from "./keys";

const href = (id: string) => `/admin/partitions/${id}`;
const mono = { className: "font-mono text-xs" };
const columns: ColumnDef<PartitionDto, unknown>[] = [
  entityColumn("Partition", href),
  { id: "capacity", header: "Capacity", cell: ({ row }) => <PartitionCapacityCell partitionId={row.original.id} /> },
  { id: "mgmt", header: "Management service", meta: mono, cell: ({ row }) => row.original.mgmtServiceAddress || "—" },
  { id: "dns", header: "DNS / NTP", meta: mono, cell: ({ row: { original: p } }) => <><div>{p.dnsServers.join(", ") || "—"}</div><div className="text-slate-600">{p.ntpServers.join(", ")}</div></> },
  { id: "labels", header: "Labels", meta: mono, cell: ({ row }) => labelsCell(row.original.labels) },
];

export function PartitionTable({ partitions, canEdit }: { partitions: PartitionDto[]; canEdit: boolean }) {
  return <CatalogTable caption="Partitions" noun="partition" rows={partitions} columns={columns} href={href} canEdit={canEdit} invalidate={[partitionKeys.lists]} />;
}

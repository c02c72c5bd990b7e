"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { SizeReservationDto } from "@/lib/contracts/catalog";
import { CatalogTable } from "./catalog-table";
import { partitionKeys, reservationKeys } from "./keys";

const href = (id: string) => `/admin/size-reservations/${id}`;

export function ReservationTable({ reservations, projectLabel, canEdit }: { reservations: SizeReservationDto[]; projectLabel: (id: string) => string; canEdit: boolean }) {
  const columns: ColumnDef<SizeReservationDto, unknown>[] = [
    { id: "project", header: "Project", enableHiding: false, cell: ({ row: { original: r } }) => <Link href={href(r.id)} className="font-medium text-brand-700 hover:underline">{projectLabel(r.projectId)}</Link> },
    { id: "size", header: "Size", meta: { className: "font-mono" }, cell: ({ row }) => <Link href={`/admin/sizes/${row.original.sizeId}`} className="hover:underline">{row.original.sizeId}</Link> },
    { id: "amount", header: "Machines", meta: { className: "font-mono" }, cell: ({ row }) => row.original.amount },
    { id: "partitions", header: "Partitions", meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.partitionIds.join(", ") },
    { id: "description", header: "Description", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.description },
  ];
  return (
    <CatalogTable caption="Size reservations" noun="reservation" rows={reservations} columns={columns} href={href} canEdit={canEdit}
      invalidate={[reservationKeys.lists, partitionKeys.all]} describe={(r) => `of ${r.amount} × ${r.sizeId} for ${projectLabel(r.projectId)}`} />
  );
}

"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { FilesystemLayoutDto } from "@/lib/contracts/catalog";
import { CatalogTable, entityColumn } from "./catalog-table";
import { layoutKeys } from "./keys";

const href = (id: string) => `/admin/filesystem-layouts/${id}`;
const mono = { className: "font-mono text-xs" };
const columns: ColumnDef<FilesystemLayoutDto, unknown>[] = [
  entityColumn("Layout", href),
  { id: "disks", header: "Disks", meta: mono, cell: ({ row }) => row.original.disks.map((d) => <div key={d.device}>{d.device} ({d.partitions.length})</div>) },
  { id: "filesystems", header: "Filesystems", meta: mono, cell: ({ row }) => row.original.filesystems.filter((f) => f.path).map((f) => <div key={`${f.device}${f.path}`}>{f.path} {f.format}</div>) },
  { id: "sizes", header: "For sizes", meta: mono, cell: ({ row }) => row.original.constraints.sizes.join(", ") || <span className="font-sans text-slate-600">none (only when named)</span> },
  { id: "images", header: "For images", meta: mono, cell: ({ row }) => Object.entries(row.original.constraints.images).map(([os, range]) => <div key={os}>{os} {range}</div>) },
];

export function LayoutTable({ layouts, canEdit }: { layouts: FilesystemLayoutDto[]; canEdit: boolean }) {
  return <CatalogTable caption="Filesystem layouts" noun="layout" rows={layouts} columns={columns} href={href} canEdit={canEdit} invalidate={[layoutKeys.lists]} />;
}

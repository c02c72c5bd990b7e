"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { SizeDto } from "@/lib/contracts/catalog";
import { CatalogTable, entityColumn, labelsCell } from "./catalog-table";
import { partitionKeys, sizeKeys } from "./keys";
import { describeConstraint } from "./units";

const href = (id: string) => `/admin/sizes/${id}`;
const columns: ColumnDef<SizeDto, unknown>[] = [
  entityColumn("Size", href),
  { id: "hardware", header: "Hardware", cell: ({ row }) => <ul>{row.original.constraints.map((c, i) => <li key={i}>{describeConstraint(c)}</li>)}</ul> },
  { id: "labels", header: "Labels", meta: { className: "font-mono text-xs" }, cell: ({ row }) => labelsCell(row.original.labels) },
];

export function SizeTable({ sizes, canEdit }: { sizes: SizeDto[]; canEdit: boolean }) {
  return <CatalogTable caption="Sizes" noun="size" rows={sizes} columns={columns} href={href} canEdit={canEdit} invalidate={[sizeKeys.lists, partitionKeys.all]} />;
}

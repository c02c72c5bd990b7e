"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { ImageDto } from "@/lib/contracts/catalog";
import { CatalogTable, entityColumn } from "./catalog-table";
import { ClassificationBadge, ExpiryNote } from "./image-badges";
import { imageKeys } from "./keys";
import { Badge } from "./ui";

const href = (id: string) => `/admin/images/${id}`;
const columns: ColumnDef<ImageDto, unknown>[] = [
  entityColumn("Image", href),
  { id: "classification", header: "Classification", cell: ({ row }) => <ClassificationBadge classification={row.original.classification} /> },
  { id: "features", header: "Features", cell: ({ row }) => <div className="flex gap-1">{row.original.features.map((f) => <Badge key={f}>{f}</Badge>)}</div> },
  { id: "expires", header: "Expires", meta: { className: "whitespace-nowrap" }, cell: ({ row }) => <ExpiryNote image={row.original} /> },
];

export function ImageTable({ images, canEdit }: { images: ImageDto[]; canEdit: boolean }) {
  return <CatalogTable caption="Images" noun="image" rows={images} columns={columns} href={href} canEdit={canEdit} invalidate={[imageKeys.lists]} />;
}

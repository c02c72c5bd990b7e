"use client";

import Link from "next/link";
import type { ImageDto } from "@/lib/contracts/catalog";
import { ClassificationBadge, ExpiryNote } from "./image-badges";
import { imageKeys } from "./keys";
import { Alert, Badge, DataTable, smallButton, Th } from "./ui";
import { useConfirmDelete } from "./use-confirm-delete";

export function ImageTable({ images, canEdit }: { images: ImageDto[]; canEdit: boolean }) {
  const { mutation: remove, confirmDelete } = useConfirmDelete({ noun: "image", url: (id) => `/api/v1/images/${id}`, invalidate: [imageKeys.lists] });
  return (
    <>
      {remove.isError && <Alert>{remove.error.message}</Alert>}
      <DataTable head={<><Th>Image</Th><Th>Classification</Th><Th>Features</Th><Th>Expires</Th><Th sr="Actions" /></>}>
        {images.map((img) => (
          <tr key={img.id} className="border-t border-slate-100 align-top">
            <td className="px-3 py-2">
              <Link href={`/admin/images/${img.id}`} className="font-mono font-medium text-brand-700 hover:underline">{img.id}</Link>
              {img.name && <div>{img.name}</div>}
              {img.description && <div className="text-slate-500">{img.description}</div>}
            </td>
            <td className="px-3 py-2"><ClassificationBadge classification={img.classification} /></td>
            <td className="px-3 py-2"><div className="flex gap-1">{img.features.map((f) => <Badge key={f}>{f}</Badge>)}</div></td>
            <td className="px-3 py-2 whitespace-nowrap"><ExpiryNote image={img} /></td>
            <td className="px-3 py-2 text-right whitespace-nowrap">
              <Link href={`/admin/images/${img.id}`} className={smallButton}>{canEdit ? "Edit" : "View"}</Link>
              {canEdit && (
                <button onClick={() => confirmDelete(img.id)} aria-label={`Delete image ${img.id}`} className={`${smallButton} ml-2 hover:bg-red-50 hover:text-red-700`}>Delete</button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

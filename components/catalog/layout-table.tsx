"use client";

import Link from "next/link";
import type { FilesystemLayoutDto } from "@/lib/contracts/catalog";
import { layoutKeys } from "./keys";
import { Alert, DataTable, smallButton, Th } from "./ui";
import { useConfirmDelete } from "./use-confirm-delete";

export function LayoutTable({ layouts, canEdit }: { layouts: FilesystemLayoutDto[]; canEdit: boolean }) {
  const { mutation: remove, confirmDelete } = useConfirmDelete({ noun: "layout", url: (id) => `/api/v1/filesystem-layouts/${id}`, invalidate: [layoutKeys.lists] });
  return (
    <>
      {remove.isError && <Alert>{remove.error.message}</Alert>}
      <DataTable head={<><Th>Layout</Th><Th>Disks</Th><Th>Filesystems</Th><Th>For sizes</Th><Th>For images</Th><Th sr="Actions" /></>}>
        {layouts.map((l) => (
          <tr key={l.id} className="border-t border-slate-100 align-top">
            <td className="px-3 py-2">
              <Link href={`/admin/filesystem-layouts/${l.id}`} className="font-mono font-medium text-brand-700 hover:underline">{l.id}</Link>
              {l.name && <div>{l.name}</div>}
              {l.description && <div className="text-slate-500">{l.description}</div>}
            </td>
            <td className="px-3 py-2 font-mono text-xs">{l.disks.map((d) => <div key={d.device}>{d.device} ({d.partitions.length})</div>)}</td>
            <td className="px-3 py-2 font-mono text-xs">{l.filesystems.filter((f) => f.path).map((f) => <div key={`${f.device}${f.path}`}>{f.path} {f.format}</div>)}</td>
            <td className="px-3 py-2 font-mono text-xs">{l.constraints.sizes.join(", ") || <span className="font-sans text-slate-500">none (only when named)</span>}</td>
            <td className="px-3 py-2 font-mono text-xs">{Object.entries(l.constraints.images).map(([os, range]) => <div key={os}>{os} {range}</div>)}</td>
            <td className="px-3 py-2 text-right whitespace-nowrap">
              <Link href={`/admin/filesystem-layouts/${l.id}`} className={smallButton}>{canEdit ? "Edit" : "View"}</Link>
              {canEdit && (
                <button onClick={() => confirmDelete(l.id)} aria-label={`Delete layout ${l.id}`} className={`${smallButton} ml-2 hover:bg-red-50 hover:text-red-700`}>Delete</button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

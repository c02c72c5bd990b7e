"use client";

import Link from "next/link";
import type { SizeDto } from "@/lib/contracts/catalog";
import { partitionKeys, sizeKeys } from "./keys";
import { describeConstraint } from "./units";
import { Alert, DataTable, smallButton, Th } from "./ui";
import { useConfirmDelete } from "./use-confirm-delete";

export function SizeTable({ sizes, canEdit }: { sizes: SizeDto[]; canEdit: boolean }) {
  const { mutation: remove, confirmDelete } = useConfirmDelete({ noun: "size", url: (id) => `/api/v1/sizes/${id}`, invalidate: [sizeKeys.lists, partitionKeys.all] });
  return (
    <>
      {remove.isError && <Alert>{remove.error.message}</Alert>}
      <DataTable head={<><Th>Size</Th><Th>Hardware</Th><Th>Labels</Th><Th sr="Actions" /></>}>
        {sizes.map((s) => (
          <tr key={s.id} className="border-t border-slate-100 align-top">
            <td className="px-3 py-2">
              <Link href={`/admin/sizes/${s.id}`} className="font-mono font-medium text-brand-700 hover:underline">{s.id}</Link>
              {s.name && <div>{s.name}</div>}
              {s.description && <div className="text-slate-500">{s.description}</div>}
            </td>
            <td className="px-3 py-2"><ul>{s.constraints.map((c, i) => <li key={i}>{describeConstraint(c)}</li>)}</ul></td>
            <td className="px-3 py-2 font-mono text-xs">{Object.entries(s.labels).map(([k, v]) => <div key={k}>{k}={v}</div>)}</td>
            <td className="px-3 py-2 text-right whitespace-nowrap">
              <Link href={`/admin/sizes/${s.id}`} className={smallButton}>{canEdit ? "Edit" : "View"}</Link>
              {canEdit && (
                <button onClick={() => confirmDelete(s.id)} aria-label={`Delete size ${s.id}`} className={`${smallButton} ml-2 hover:bg-red-50 hover:text-red-700`}>Delete</button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

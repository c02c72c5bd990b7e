"use client";

import Link from "next/link";
import type { SizeReservationDto } from "@/lib/contracts/catalog";
import { partitionKeys, reservationKeys } from "./keys";
import { Alert, DataTable, smallButton, Th } from "./ui";
import { useConfirmDelete } from "./use-confirm-delete";

export function ReservationTable({ reservations, projectLabel, canEdit }: { reservations: SizeReservationDto[]; projectLabel: (id: string) => string; canEdit: boolean }) {
  const { mutation: remove, confirmDelete } = useConfirmDelete({
    noun: "reservation",
    url: (id) => `/api/v1/size-reservations/${id}`,
    invalidate: [reservationKeys.lists, partitionKeys.all],
  });
  return (
    <>
      {remove.isError && <Alert>{remove.error.message}</Alert>}
      <DataTable head={<><Th>Project</Th><Th>Size</Th><Th>Machines</Th><Th>Partitions</Th><Th>Description</Th><Th sr="Actions" /></>}>
        {reservations.map((r) => (
          <tr key={r.id} className="border-t border-slate-100 align-top">
            <td className="px-3 py-2"><Link href={`/admin/size-reservations/${r.id}`} className="font-medium text-brand-700 hover:underline">{projectLabel(r.projectId)}</Link></td>
            <td className="px-3 py-2 font-mono"><Link href={`/admin/sizes/${r.sizeId}`} className="hover:underline">{r.sizeId}</Link></td>
            <td className="px-3 py-2 font-mono">{r.amount}</td>
            <td className="px-3 py-2 font-mono text-xs">{r.partitionIds.join(", ")}</td>
            <td className="px-3 py-2 text-slate-600">{r.description}</td>
            <td className="px-3 py-2 text-right whitespace-nowrap">
              <Link href={`/admin/size-reservations/${r.id}`} className={smallButton}>{canEdit ? "Edit" : "View"}</Link>
              {canEdit && (
                <button
                  onClick={() => confirmDelete(r.id, `of ${r.amount} × ${r.sizeId} for ${projectLabel(r.projectId)}`)}
                  aria-label={`Delete reservation of ${r.sizeId} for ${projectLabel(r.projectId)}`}
                  className={`${smallButton} ml-2 hover:bg-red-50 hover:text-red-700`}
                >Delete</button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

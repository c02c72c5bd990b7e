"use client";

import Link from "next/link";
import type { PartitionDto } from "@/lib/contracts/catalog";
import { PartitionCapacityCell } from "./capacity-bars";
import { partitionKeys } from "./keys";
import { Alert, DataTable, smallButton, Th } from "./ui";
import { useConfirmDelete } from "./use-confirm-delete";

export function PartitionTable({ partitions, canEdit }: { partitions: PartitionDto[]; canEdit: boolean }) {
  const { mutation: remove, confirmDelete } = useConfirmDelete({ noun: "partition", url: (id) => `/api/v1/partitions/${id}`, invalidate: [partitionKeys.lists] });
  return (
    <>
      {remove.isError && <Alert>{remove.error.message}</Alert>}
      <DataTable head={<><Th>Partition</Th><Th>Capacity</Th><Th>Management service</Th><Th>DNS / NTP</Th><Th>Labels</Th><Th sr="Actions" /></>}>
        {partitions.map((p) => (
          <tr key={p.id} className="border-t border-slate-100 align-top">
            <td className="px-3 py-2">
              <Link href={`/admin/partitions/${p.id}`} className="font-mono font-medium text-brand-700 hover:underline">{p.id}</Link>
              {p.name && <div>{p.name}</div>}
              {p.description && <div className="text-slate-500">{p.description}</div>}
            </td>
            <td className="px-3 py-2"><PartitionCapacityCell partitionId={p.id} /></td>
            <td className="px-3 py-2 font-mono text-xs">{p.mgmtServiceAddress || "—"}</td>
            <td className="px-3 py-2 font-mono text-xs">
              <div>{p.dnsServers.join(", ") || "—"}</div>
              <div className="text-slate-500">{p.ntpServers.join(", ")}</div>
            </td>
            <td className="px-3 py-2 font-mono text-xs">{Object.entries(p.labels).map(([k, v]) => <div key={k}>{k}={v}</div>)}</td>
            <td className="px-3 py-2 text-right whitespace-nowrap">
              <Link href={`/admin/partitions/${p.id}`} className={smallButton}>{canEdit ? "Edit" : "View"}</Link>
              {canEdit && (
                <button onClick={() => confirmDelete(p.id)} aria-label={`Delete partition ${p.id}`} className={`${smallButton} ml-2 hover:bg-red-50 hover:text-red-700`}>Delete</button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

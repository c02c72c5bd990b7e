"use client";

import type { PartitionDto } from "@/lib/contracts/catalog";
import { CatalogDetail } from "./catalog-detail";
import { CapacityPanel } from "./capacity-bars";
import { partitionKeys } from "./keys";
import { PartitionForm } from "./partition-form";

/** One partition: its machine capacity per size, and the edit form (read-only for operator viewers). */
export function PartitionDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  return (
    <CatalogDetail<PartitionDto>
      noun="partition"
      url={`/api/v1/partitions/${encodeURIComponent(id)}`}
      queryKey={partitionKeys.detail(id)}
      invalidate={[partitionKeys.lists]}
      listHref="/admin/partitions"
      listLabel="All partitions"
      canEdit={canEdit}
      title={(p) => `Partition ${p.id}`}
      description={(p) => [p.name, p.description].filter(Boolean).join(" — ") || undefined}
    >
      {(p, onSaved) => (
        <>
          <CapacityPanel partitionId={p.id} />
          <h2 className="mb-3 text-lg font-semibold">Settings</h2>
          <PartitionForm key={p.updatedAt} partition={p} readOnly={!canEdit} onDone={onSaved} />
        </>
      )}
    </CatalogDetail>
  );
}

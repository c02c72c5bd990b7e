"use client";

import type { SizeDto } from "@/lib/contracts/catalog";
import { CatalogDetail } from "./catalog-detail";
import { partitionKeys, sizeKeys } from "./keys";
import { SizeForm } from "./size-form";
import { SizeImageConstraintsEditor } from "./size-image-constraints";

/** One size: its constraints (editable by operator editors) and which images it accepts. */
export function SizeDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  return (
    <CatalogDetail<SizeDto>
      noun="size"
      url={`/api/v1/sizes/${encodeURIComponent(id)}`}
      queryKey={sizeKeys.detail(id)}
      invalidate={[sizeKeys.lists, partitionKeys.all]}
      listHref="/admin/sizes"
      listLabel="All sizes"
      canEdit={canEdit}
      title={(s) => `Size ${s.id}`}
      description={(s) => [s.name, s.description].filter(Boolean).join(" — ") || undefined}
    >
      {(s, onSaved) => (
        <>
          <SizeForm key={s.updatedAt} size={s} readOnly={!canEdit} onDone={onSaved} />
          <SizeImageConstraintsEditor sizeId={s.id} canEdit={canEdit} />
        </>
      )}
    </CatalogDetail>
  );
}

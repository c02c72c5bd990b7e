"use client";

import type { FilesystemLayoutDto } from "@/lib/contracts/catalog";
import { CatalogDetail } from "./catalog-detail";
import { layoutKeys } from "./keys";
import { LayoutForm } from "./layout-form";

export function LayoutDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  return (
    <CatalogDetail<FilesystemLayoutDto>
      noun="layout"
      url={`/api/v1/filesystem-layouts/${encodeURIComponent(id)}`}
      queryKey={layoutKeys.detail(id)}
      invalidate={[layoutKeys.lists]}
      listHref="/admin/filesystem-layouts"
      listLabel="All layouts"
      canEdit={canEdit}
      title={(l) => `Layout ${l.id}`}
      description={(l) => [l.name, l.description].filter(Boolean).join(" — ") || undefined}
    >
      {(l, onSaved) => <LayoutForm key={l.updatedAt} layout={l} readOnly={!canEdit} onDone={onSaved} />}
    </CatalogDetail>
  );
}

"use client";

import type { ImageDto } from "@/lib/contracts/catalog";
import { CatalogDetail } from "./catalog-detail";
import { ClassificationBadge } from "./image-badges";
import { ImageForm } from "./image-form";
import { imageKeys } from "./keys";
import { Badge } from "./ui";

export function ImageDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  return (
    <CatalogDetail<ImageDto>
      noun="image"
      url={`/api/v1/images/${encodeURIComponent(id)}`}
      queryKey={imageKeys.detail(id)}
      invalidate={[imageKeys.lists]}
      listHref="/admin/images"
      listLabel="All images"
      canEdit={canEdit}
      title={(img) => `Image ${img.id}`}
      description={(img) => [img.name, img.description].filter(Boolean).join(" — ") || undefined}
    >
      {(img, onSaved) => (
        <>
          <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span>os <span className="font-mono">{img.os}</span>, version <span className="font-mono">{img.version}</span></span>
            <ClassificationBadge classification={img.classification} />
            {img.expired && <Badge tone="red">expired</Badge>}
          </p>
          <ImageForm key={img.updatedAt} image={img} readOnly={!canEdit} onDone={onSaved} />
        </>
      )}
    </CatalogDetail>
  );
}

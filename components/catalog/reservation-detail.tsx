"use client";

import type { SizeReservationDto } from "@/lib/contracts/catalog";
import { CatalogDetail } from "./catalog-detail";
import { partitionKeys, reservationKeys } from "./keys";
import { ReservationForm } from "./reservation-form";
import { useReservationOptions } from "./use-catalog-options";

export function ReservationDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const { projectLabel } = useReservationOptions();
  return (
    <CatalogDetail<SizeReservationDto>
      noun="reservation"
      url={`/api/v1/size-reservations/${encodeURIComponent(id)}`}
      queryKey={reservationKeys.detail(id)}
      invalidate={[reservationKeys.lists, partitionKeys.all]}
      listHref="/admin/size-reservations"
      listLabel="All reservations"
      canEdit={canEdit}
      title={(r) => `${r.amount} × ${r.sizeId} for ${projectLabel(r.projectId)}`}
      description={(r) => r.description || undefined}
    >
      {(r, onSaved) => <ReservationForm key={r.updatedAt} reservation={r} readOnly={!canEdit} onDone={onSaved} />}
    </CatalogDetail>
  );
}

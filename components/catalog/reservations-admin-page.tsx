"use client";

import type { SizeReservationDto } from "@/lib/contracts/catalog";
import { CatalogAdminList } from "./admin-list";
import { reservationKeys } from "./keys";
import { ReservationForm } from "./reservation-form";
import { ReservationTable } from "./reservation-table";
import { useReservationOptions } from "./use-catalog-options";

/** Admin console: machines of a size held back for a project, so others cannot take them. */
export function ReservationsAdminPage({ canEdit }: { canEdit: boolean }) {
  const { projectLabel } = useReservationOptions();
  return (
    <CatalogAdminList<SizeReservationDto>
      title="Size reservations"
      description="Capacity held for a project: other projects can only allocate what is left after unused reservations."
      noun="reservation"
      path="/api/v1/size-reservations"
      listKey={reservationKeys.list}
      canEdit={canEdit}
      emptyBody="Reserve machines of a size for a project that needs guaranteed capacity."
      form={(close) => <ReservationForm onDone={close} />}
      table={(items) => <ReservationTable reservations={items} projectLabel={projectLabel} canEdit={canEdit} />}
    />
  );
}

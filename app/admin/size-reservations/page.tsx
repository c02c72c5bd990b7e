import type { Metadata } from "next";
import { ReservationsAdminPage } from "@/components/catalog/reservations-admin-page";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Size reservations" };

export default async function Page() {
  const principal = await requirePrincipal();
  return <ReservationsAdminPage canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}

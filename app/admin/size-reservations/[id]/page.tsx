import type { Metadata } from "next";
import { ReservationDetail } from "@/components/catalog/reservation-detail";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Size reservation" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <ReservationDetail id={id} canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}

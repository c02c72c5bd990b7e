import type { Metadata } from "next";
import { PartitionsAdminPage } from "@/components/catalog/partitions-admin-page";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Partitions" };

export default async function Page() {
  const principal = await requirePrincipal();
  return <PartitionsAdminPage canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}

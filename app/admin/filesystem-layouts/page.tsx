import type { Metadata } from "next";
import { LayoutsAdminPage } from "@/components/catalog/layouts-admin-page";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Filesystem layouts" };

export default async function Page() {
  const principal = await requirePrincipal();
  return <LayoutsAdminPage canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}

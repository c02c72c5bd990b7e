import type { Metadata } from "next";
import { TenantsAdminPage } from "@/components/admin/tenants-admin-page";
import { isAdmin } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Tenants" };

export default async function Page() {
  const principal = await requirePrincipal();
  return <TenantsAdminPage canEdit={isAdmin(principal.grants, "editor")} />;
}

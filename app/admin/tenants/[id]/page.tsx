import type { Metadata } from "next";
import { TenantDetail } from "@/components/admin/tenant-detail";
import { isAdmin } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Tenant" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <TenantDetail id={id} canEdit={isAdmin(principal.grants, "editor")} />;
}

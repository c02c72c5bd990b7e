import type { Metadata } from "next";
import { ProjectsAdminPage } from "@/components/admin/projects-admin-page";
import { isAdmin } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "All projects" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  const { tenantId } = await searchParams;
  return <ProjectsAdminPage canEdit={isAdmin(principal.grants, "editor")} initialTenantId={typeof tenantId === "string" ? tenantId : ""} />;
}

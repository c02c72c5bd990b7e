import type { Metadata } from "next";
import { ProjectsPage } from "@/components/projects/projects-page";
import { can, memberTenantIds } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Projects" };

export default async function Page() {
  const principal = await requirePrincipal();
  const creatable = memberTenantIds(principal.grants).filter((tenantId) => can(principal.grants, "project.create", { kind: "tenant", tenantId }));
  return <ProjectsPage creatableTenantIds={creatable} />;
}

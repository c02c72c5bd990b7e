import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import { listProjects } from "@/lib/services/projects";
import type { WritableProjects } from "./writable";

/** Server side: the projects whose machines the user may free and reinstall (operator editors: all). */
export async function getWritableProjects(principal: Principal): Promise<WritableProjects> {
  if (can(principal.grants, "infra.write", { kind: "global" })) return { all: true, projectIds: [] };
  const { items } = await listProjects({ principal }, { limit: 200 });
  const projectIds = items.filter((p) => can(principal.grants, "resource.write", { kind: "project", tenantId: p.tenantId, projectId: p.id })).map((p) => p.id);
  return { all: false, projectIds };
}

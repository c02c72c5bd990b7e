import { cookies } from "next/headers";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import { listProjects } from "@/lib/services/projects";

/**
 * The switcher's cookie name. Not imported from project-switcher.tsx: that is a client module,
 * and its exports reach server code as client references, not as values.
 */
const PROJECT_COOKIE = "metal-project";

export type CurrentProject = { id: string; label: string; canWrite: boolean };

/** The project chosen in the header's switcher (a cookie), falling back to the first one. */
export async function getCurrentProject(principal: Principal): Promise<CurrentProject | null> {
  const saved = (await cookies()).get(PROJECT_COOKIE)?.value;
  const { items } = await listProjects({ principal }, { limit: 200 });
  const p = items.find((x) => x.id === saved) ?? items[0];
  if (!p) return null;
  return {
    id: p.id,
    label: `${p.tenantName} / ${p.name}`,
    canWrite: can(principal.grants, "resource.write", { kind: "project", tenantId: p.tenantId, projectId: p.id }),
  };
}

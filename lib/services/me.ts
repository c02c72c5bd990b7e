import { inArray } from "drizzle-orm";
import type { Principal } from "@/lib/auth/principal";
import { isAdmin } from "@/lib/auth/permissions";
import type { MeDto } from "@/lib/contracts/me";
import { getDb } from "@/lib/db/client";
import { projects, tenants } from "@/lib/db/schema";

/** The caller with its roles, named, so a UI or a script can show "owner of acme". */
export async function getMe(p: Principal): Promise<MeDto> {
  const db = await getDb();
  const tenantIds = [...new Set(p.grants.flatMap((g) => (g.scope === "admin" ? [] : [g.tenantId])))];
  const projectIds = p.grants.flatMap((g) => (g.scope === "project" ? [g.projectId] : []));
  const tenantNames = new Map(
    tenantIds.length ? (await db.select({ id: tenants.id, name: tenants.name }).from(tenants).where(inArray(tenants.id, tenantIds))).map((t) => [t.id, t.name]) : [],
  );
  const projectNames = new Map(
    projectIds.length ? (await db.select({ id: projects.id, name: projects.name }).from(projects).where(inArray(projects.id, projectIds))).map((x) => [x.id, x.name]) : [],
  );
  return {
    kind: p.kind,
    userId: p.userId,
    tokenId: p.tokenId ?? null,
    name: p.name,
    email: p.email,
    isAdmin: isAdmin(p.grants),
    roles: p.grants.map((g) =>
      g.scope === "admin" ? g
        : g.scope === "tenant" ? { ...g, tenantName: tenantNames.get(g.tenantId) }
        : { ...g, tenantName: tenantNames.get(g.tenantId), projectName: projectNames.get(g.projectId) },
    ),
  };
}

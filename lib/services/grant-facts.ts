import { inArray } from "drizzle-orm";
import type { Grant } from "@/lib/auth/grants";
import type { Executor } from "@/lib/db/client";
import { projects, tenants } from "@/lib/db/schema";

/**
 * A grant is a claim about the database: "tenant T exists" and, for a project grant, "project P
 * exists and belongs to T". Nothing else in the product may trust those ids until they have been
 * checked here. Every principal is built through this check (sessions in users.ts, API tokens in
 * tokens.ts), every time it is built, so a project that moved to another tenant or was deleted
 * stops granting anything at once, and a forged or outdated token grant gives nothing.
 */

/** Why each grant is not a fact of the database right now (null: it is). Two queries for any number of grants. */
export async function grantProblems(ex: Executor, grants: readonly Grant[]): Promise<(string | null)[]> {
  const tenantIds = [...new Set(grants.flatMap((g) => (g.scope === "admin" ? [] : [g.tenantId])))];
  const projectIds = [...new Set(grants.flatMap((g) => (g.scope === "project" ? [g.projectId] : [])))];
  const knownTenants = new Set(
    tenantIds.length ? (await ex.select({ id: tenants.id }).from(tenants).where(inArray(tenants.id, tenantIds))).map((t) => t.id) : [],
  );
  const projectTenant = new Map(
    projectIds.length
      ? (await ex.select({ id: projects.id, tenantId: projects.tenantId }).from(projects).where(inArray(projects.id, projectIds))).map((p) => [p.id, p.tenantId])
      : [],
  );
  return grantProblemsFrom(grants, knownTenants, projectTenant);
}

/**
 * The same check over facts already read (the token authentication reads them in its one
 * statement): `knownTenants` must hold every tenant id the grants name that exists, and
 * `projectTenant` the tenant of every project they name that exists.
 */
export function grantProblemsFrom(grants: readonly Grant[], knownTenants: ReadonlySet<string>, projectTenant: ReadonlyMap<string, string>): (string | null)[] {
  return grants.map((g) => {
    if (g.scope === "admin") return null;
    if (!knownTenants.has(g.tenantId)) return `no tenant ${g.tenantId}`;
    if (g.scope === "tenant") return null;
    const owner = projectTenant.get(g.projectId);
    if (owner === undefined) return `no project ${g.projectId}`;
    return owner === g.tenantId ? null : `project ${g.projectId} is not in tenant ${g.tenantId}`;
  });
}

/** The grants that are facts right now; the others are dropped silently (they grant nothing). */
export async function verifyGrants(ex: Executor, grants: Grant[]): Promise<Grant[]> {
  const problems = await grantProblems(ex, grants);
  return grants.filter((_, i) => problems[i] === null);
}

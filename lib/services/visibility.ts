import { type Column, sql, type SQL } from "drizzle-orm";
import type { Grant } from "@/lib/auth/grants";
import { isAdmin } from "@/lib/auth/permissions";
import { projects } from "@/lib/db/schema";

/**
 * The one definition of "the projects a caller may read", for every list and the machine stream.
 * Grants reaching here were verified when the principal was built (grant-facts.ts); still, the
 * SQL matches a project grant by its (tenant, project) pair against the projects table, so no list
 * can ever reach a project through an id it was merely given (defence in depth).
 */

/** `select id from projects` the grants reach; operators (admin viewer or editor) reach all. */
export function readableProjectIdsQuery(grants: Grant[]): SQL {
  if (isAdmin(grants)) return sql`select ${projects.id} from ${projects}`;
  const tenantIds = grants.flatMap((g) => (g.scope === "tenant" ? [g.tenantId] : []));
  const pairs = grants.flatMap((g) => (g.scope === "project" ? [g] : []));
  return sql`select ${projects.id} from ${projects} where ${projects.tenantId} = any(${sql.param(tenantIds)}::text[])
    or exists (select 1 from unnest(${sql.param(pairs.map((g) => g.tenantId))}::text[], ${sql.param(pairs.map((g) => g.projectId))}::text[]) as g(tenant_id, project_id)
      where g.tenant_id = ${projects.tenantId} and g.project_id = ${projects.id})`;
}

/** A WHERE condition: `column` names a project the caller may read. Undefined for operators (no filter). */
export function projectIsReadable(grants: Grant[], column: Column | SQL): SQL | undefined {
  if (isAdmin(grants)) return undefined;
  return sql`${column} in (${readableProjectIdsQuery(grants)})`;
}

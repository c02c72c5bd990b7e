import { eq, sql } from "drizzle-orm";
import type { Grant, Role } from "@/lib/auth/grants";
import { normaliseGrants } from "@/lib/auth/grants";
import type { Principal } from "@/lib/auth/principal";
import { getDb, type Executor } from "@/lib/db/client";
import { memberships, tenants, users } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { getEnv } from "@/lib/env";
import { verifyGrants } from "./grant-facts";

export type UserRow = typeof users.$inferSelect;

/** Admin grants from IdP groups (AUTH_ADMIN_GROUPS / AUTH_ADMIN_VIEWER_GROUPS). */
export function adminGrantsFromGroups(groups: string[]): Grant[] {
  const { adminGroups, adminViewerGroups } = getEnv().auth;
  if (groups.some((g) => adminGroups.includes(g))) return [{ scope: "admin", role: "editor" }];
  if (groups.some((g) => adminViewerGroups.includes(g))) return [{ scope: "admin", role: "viewer" }];
  return [];
}

/**
 * A user's grants now: admin groups, each tenant's group→role mapping, and memberships
 * stored in the database, each verified against the database (grant-facts.ts). Evaluated on
 * every request, so a removed membership takes effect at once, also for the user's API tokens.
 */
export async function computeUserGrants(ex: Executor, user: Pick<UserRow, "id" | "groups">): Promise<Grant[]> {
  const mapped = user.groups.length > 0
    ? await ex.select({ id: tenants.id, groupRoles: tenants.groupRoles }).from(tenants).where(sql`${tenants.groupRoles} ?| ${sql.param(user.groups)}::text[]`)
    : [];
  const rows = await ex.select().from(memberships).where(eq(memberships.userId, user.id));
  return normaliseGrants(await verifyGrants(ex, userGrantsFrom(user.groups, mapped, rows)));
}

export type MembershipFact = { scope: string; tenantId: string | null; projectId: string | null; role: Role };

/**
 * A user's grants before verification, from facts already read: admin groups, the tenants whose
 * group→role mapping names one of the user's groups, and the memberships stored in the database.
 */
export function userGrantsFrom(groups: string[], mappedTenants: { id: string; groupRoles: Record<string, Role> }[], rows: MembershipFact[]): Grant[] {
  const grants: Grant[] = adminGrantsFromGroups(groups);
  for (const t of mappedTenants) {
    for (const g of groups) {
      const role = Object.hasOwn(t.groupRoles, g) ? t.groupRoles[g] : undefined;
      if (role) grants.push({ scope: "tenant", tenantId: t.id, role });
    }
  }
  for (const m of rows) {
    if (m.scope === "admin") grants.push({ scope: "admin", role: m.role === "viewer" ? "viewer" : "editor" });
    else if (m.scope === "tenant" && m.tenantId) grants.push({ scope: "tenant", tenantId: m.tenantId, role: m.role });
    else if (m.scope === "project" && m.tenantId && m.projectId) grants.push({ scope: "project", tenantId: m.tenantId, projectId: m.projectId, role: m.role });
  }
  return grants;
}

/** Called at every login: the IdP is the source of truth for name, email and groups. */
export async function upsertUserFromLogin(profile: { subject: string; email: string; name: string; groups: string[] }): Promise<UserRow> {
  const db = await getDb();
  const now = new Date();
  const [row] = await db
    .insert(users)
    .values({ id: uuidv7(), ...profile, lastLoginAt: now })
    .onConflictDoUpdate({
      target: users.subject,
      set: { email: profile.email, name: profile.name, groups: profile.groups, lastLoginAt: now, updatedAt: now },
    })
    .returning();
  return row;
}

export async function getUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await ex.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Finds a user by email or OIDC subject (for the shell bootstrap). */
export async function findUser(ex: Executor, emailOrSubject: string): Promise<UserRow | undefined> {
  const rows = await ex.select().from(users).where(eq(users.email, emailOrSubject));
  if (rows.length > 1) throw new Error(`several users have the email ${emailOrSubject}; use the subject instead`);
  if (rows[0]) return rows[0];
  const [bySubject] = await ex.select().from(users).where(eq(users.subject, emailOrSubject)).limit(1);
  return bySubject;
}

export async function principalForUser(userId: string): Promise<Principal | null> {
  const db = await getDb();
  const user = await getUserById(db, userId);
  if (!user) return null;
  return { kind: "user", userId: user.id, name: user.name || user.email, email: user.email, grants: await computeUserGrants(db, user) };
}

export async function addMembership(ex: Executor, m: { userId: string; scope: "admin" | "tenant" | "project"; tenantId?: string; projectId?: string; role: Role }): Promise<void> {
  await ex
    .insert(memberships)
    .values({ id: uuidv7(), userId: m.userId, scope: m.scope, tenantId: m.tenantId ?? null, projectId: m.projectId ?? null, role: m.role })
    .onConflictDoNothing();
}

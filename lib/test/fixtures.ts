import type { Grant } from "@/lib/auth/grants";
import { type Actor, systemActor } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { createProject } from "@/lib/services/projects";
import { createTenant } from "@/lib/services/tenants";
import { computeUserGrants } from "@/lib/services/users";

export const operator: Actor = systemActor("test-operator");

/** A tenant whose IdP groups `<name>-owners/-editors/-viewers` map to the three roles. */
export async function makeTenant(name: string) {
  return createTenant(operator, {
    name,
    description: "",
    groupRoles: { [`${name}-owners`]: "owner", [`${name}-editors`]: "editor", [`${name}-viewers`]: "viewer" },
    quotas: {},
  });
}

export async function makeProject(tenantId: string, name: string) {
  return createProject(operator, { tenantId, name, description: "" });
}

/** A user row as a login would create it, and an actor with that user's computed grants. */
export async function makeUser(email: string, groups: string[]): Promise<Actor & { grants: Grant[] }> {
  const db = await getDb();
  const [user] = await db.insert(users).values({ id: uuidv7(), subject: `sub-${email}`, email, name: email, groups }).returning();
  const grants = await computeUserGrants(db, user);
  return { principal: { kind: "user", userId: user.id, name: email, email, grants }, requestId: `req-${uuidv7()}`, grants };
}

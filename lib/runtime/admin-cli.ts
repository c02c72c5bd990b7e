import { userInfo } from "node:os";
import { and, eq } from "drizzle-orm";
import { type Grant, roleSchema } from "@/lib/auth/grants";
import { systemActor } from "@/lib/auth/principal";
import { expiryFromDuration } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { projects, tenants, users } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { createToken } from "@/lib/services/tokens";
import { addMembership, computeUserGrants, findUser } from "@/lib/services/users";

export const BOOTSTRAP_OPERATOR = { subject: "local:operator", email: "operator@local", name: "Bootstrap operator" };

export type CreateTokenArgs = { user?: string; admin?: boolean; roles: string[]; expires: string; description: string };

/** The bootstrap operator: a local user with a stored admin membership, for installs before any login. */
async function ensureBootstrapOperator(db: Db) {
  const [existing] = await db.select().from(users).where(eq(users.subject, BOOTSTRAP_OPERATOR.subject)).limit(1);
  const user = existing ?? (await db.insert(users).values({ id: uuidv7(), ...BOOTSTRAP_OPERATOR }).returning())[0];
  await addMembership(db, { userId: user.id, scope: "admin", role: "editor" });
  return user;
}

/** "admin:viewer", "tenant:acme:editor" or "project:acme/web:viewer" → a grant, by names. */
export async function parseRole(db: Db, spec: string): Promise<Grant> {
  const parts = spec.split(":");
  const role = roleSchema.parse(parts[parts.length - 1]);
  if (parts[0] === "admin" && parts.length === 2) {
    if (role === "owner") throw new Error("operators are editor or viewer");
    return { scope: "admin", role };
  }
  if (parts[0] === "tenant" && parts.length === 3) {
    const [t] = await db.select().from(tenants).where(eq(tenants.name, parts[1])).limit(1);
    if (!t) throw new Error(`no tenant named ${parts[1]}`);
    return { scope: "tenant", tenantId: t.id, role };
  }
  if (parts[0] === "project" && parts.length === 3 && parts[1].includes("/")) {
    const [tenantName, projectName] = parts[1].split("/");
    const [p] = await db.select({ id: projects.id, tenantId: projects.tenantId }).from(projects)
      .innerJoin(tenants, eq(tenants.id, projects.tenantId))
      .where(and(eq(tenants.name, tenantName), eq(projects.name, projectName))).limit(1);
    if (!p) throw new Error(`no project ${parts[1]}`);
    return { scope: "project", tenantId: p.tenantId, projectId: p.id, role };
  }
  throw new Error(`cannot read role "${spec}": use admin:<role>, tenant:<tenant>:<role> or project:<tenant>/<project>:<role>`);
}

/** Mints a token from the shell. Roles default to all the user's current roles and never exceed them. */
export async function createTokenFromShell(db: Db, args: CreateTokenArgs) {
  if (!!args.user === !!args.admin) throw new Error("name exactly one of --user <email|subject> or --admin");
  const user = args.admin ? await ensureBootstrapOperator(db) : await findUser(db, args.user!);
  if (!user) throw new Error(`no user ${args.user}: users appear after their first login (or from the embedded demo seed)`);
  const roles = args.roles.length ? await Promise.all(args.roles.map((r) => parseRole(db, r))) : await computeUserGrants(db, user);
  if (roles.length === 0) throw new Error(`${user.email || user.subject} holds no roles, so a token for it could do nothing`);
  const actor = systemActor(`shell (${userInfo().username})`);
  const token = await createToken(actor, { description: args.description, roles, expiresAt: expiryFromDuration(args.expires) }, { ownerId: user.id });
  return { token, user };
}

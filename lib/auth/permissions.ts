import { type Grant, type Role, roleLevel } from "./grants";

/**
 * The permission matrix: one row per action, saying which scope needs which minimum role.
 * Every authorisation decision in the product goes through `can` with the *resource's*
 * tenant/project, never with ids taken from a request body.
 */
export type Target =
  | { kind: "global" }
  | { kind: "tenant"; tenantId: string }
  | { kind: "project"; tenantId: string; projectId: string };

type Rule = {
  target: Target["kind"];
  admin?: "viewer" | "editor";
  tenant?: Role;
  project?: Role;
  /** Any grant inside the tenant lets a member see the tenant itself (its name, its projects list). */
  anyTenantMember?: boolean;
  /** Every authenticated principal (e.g. the read-only catalog). */
  anyone?: boolean;
};

export const permissionMatrix = {
  "tenant.read": { target: "tenant", admin: "viewer", tenant: "viewer", anyTenantMember: true },
  "tenant.list": { target: "global", admin: "viewer" },
  "tenant.create": { target: "global", admin: "editor" },
  "tenant.update": { target: "tenant", admin: "editor", tenant: "owner" },
  "tenant.delete": { target: "tenant", admin: "editor" },
  "tenant.members": { target: "tenant", admin: "editor", tenant: "owner" },
  "project.read": { target: "project", admin: "viewer", tenant: "viewer", project: "viewer" },
  "project.create": { target: "tenant", admin: "editor", tenant: "editor" },
  "project.update": { target: "project", admin: "editor", tenant: "editor", project: "editor" },
  "project.delete": { target: "project", admin: "editor", tenant: "owner", project: "owner" },
  "project.quota": { target: "project", admin: "editor" },
  "resource.read": { target: "project", admin: "viewer", tenant: "viewer", project: "viewer" },
  "resource.write": { target: "project", admin: "editor", tenant: "editor", project: "editor" },
  "catalog.read": { target: "global", anyone: true },
  "catalog.write": { target: "global", admin: "editor" },
  "infra.read": { target: "global", admin: "viewer" },
  "infra.write": { target: "global", admin: "editor" },
  "audit.read": { target: "global", admin: "viewer" },
} satisfies Record<string, Rule>;

export type Action = keyof typeof permissionMatrix;
export const actions = Object.keys(permissionMatrix) as Action[];

function atLeast(role: Role, min: Role | undefined): boolean {
  return min !== undefined && roleLevel(role) >= roleLevel(min);
}

function grantAllows(g: Grant, rule: Rule, target: Target): boolean {
  if (g.scope === "admin") return atLeast(g.role, rule.admin);
  if (target.kind === "global") return false;
  if (g.tenantId !== target.tenantId) return false;
  if (rule.anyTenantMember) return true;
  if (g.scope === "tenant") {
    // A tenant role applies to the tenant and, as the same role, to each of its projects.
    return atLeast(g.role, rule.tenant);
  }
  return target.kind === "project" && g.projectId === target.projectId && atLeast(g.role, rule.project);
}

export function can(grants: Grant[], action: Action, target: Target): boolean {
  const rule: Rule = permissionMatrix[action];
  if (rule.target !== target.kind) {
    throw new Error(`permission ${action} expects a ${rule.target} target, got ${target.kind}`);
  }
  if (rule.anyone) return true;
  return grants.some((g) => grantAllows(g, rule, target));
}

export function isAdmin(grants: Grant[], min: "viewer" | "editor" = "viewer"): boolean {
  return grants.some((g) => g.scope === "admin" && roleLevel(g.role) >= roleLevel(min));
}

/** Tenants in which the principal holds any grant (what "my tenants" means). */
export function memberTenantIds(grants: Grant[]): string[] {
  return [...new Set(grants.flatMap((g) => (g.scope === "admin" ? [] : [g.tenantId])))];
}

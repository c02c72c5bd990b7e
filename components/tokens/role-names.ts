import { useQuery } from "@tanstack/react-query";
import { type Grant, type Role, roleLevel, roles } from "@/lib/auth/grants";
import type { MeDto } from "@/lib/contracts/me";
import { api, unwrap } from "@/lib/api-client";
import { meKeys, projectKeys, tenantKeys } from "@/components/projects/keys";

export type NamedGrant = MeDto["roles"][number];
export type RoleNames = { tenants: Map<string, string>; projects: Map<string, string> };

export function useMe() {
  return useQuery({ queryKey: meKeys.all, queryFn: () => unwrap(api.GET("/api/v1/me")) });
}

/**
 * Tenant and project names for showing grants: /me names the caller's current roles; the
 * lists cover roles a token still carries although its owner has lost them since.
 */
export function useRoleNames(): RoleNames {
  const me = useMe();
  const tenants = useQuery({ queryKey: tenantKeys.list(), queryFn: () => unwrap(api.GET("/api/v1/tenants", { params: { query: { limit: 200 } } })) });
  const projects = useQuery({ queryKey: projectKeys.list(), queryFn: () => unwrap(api.GET("/api/v1/projects", { params: { query: { limit: 200 } } })) });
  const names: RoleNames = { tenants: new Map(), projects: new Map() };
  for (const t of tenants.data?.items ?? []) names.tenants.set(t.id, t.name);
  for (const p of projects.data?.items ?? []) names.projects.set(p.id, p.name);
  for (const r of me.data?.roles ?? []) {
    if (r.scope !== "admin" && r.tenantName) names.tenants.set(r.tenantId, r.tenantName);
    if (r.scope === "project" && r.projectName) names.projects.set(r.projectId, r.projectName);
  }
  return names;
}

/** What a grant applies to: "acme", "acme/web", or "all tenants" for operators. */
export function scopeLabel(g: Grant, names: RoleNames): string {
  if (g.scope === "admin") return "all tenants";
  const tenant = names.tenants.get(g.tenantId) ?? g.tenantId;
  return g.scope === "tenant" ? tenant : `${tenant}/${names.projects.get(g.projectId) ?? g.projectId}`;
}

/** "owner of acme", "viewer of acme/web", "operator viewer". */
export function describeGrant(g: Grant, names: RoleNames): string {
  return g.scope === "admin" ? `operator ${g.role}` : `${g.role} of ${scopeLabel(g, names)}`;
}

/** One key per scope (not per role), so a grant keeps its identity when its level changes. */
export function scopeKey(g: Grant): string {
  return g.scope === "admin" ? "admin" : g.scope === "tenant" ? `tenant:${g.tenantId}` : `project:${g.projectId}`;
}

/** The held role and every lower one, strongest first; operators grant editor or viewer. */
export function levelsBelow(g: Grant): Role[] {
  if (g.scope === "admin") return g.role === "editor" ? ["editor", "viewer"] : ["viewer"];
  return roles.filter((r) => roleLevel(r) <= roleLevel(g.role)).reverse();
}

/** The same scope as `g`, at `role`, without the display names. */
export function withRole(g: Grant, role: Role): Grant {
  if (g.scope === "admin") return { scope: "admin", role: role === "viewer" ? "viewer" : "editor" };
  if (g.scope === "tenant") return { scope: "tenant", tenantId: g.tenantId, role };
  return { scope: "project", tenantId: g.tenantId, projectId: g.projectId, role };
}

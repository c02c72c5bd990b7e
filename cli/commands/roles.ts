import { usageError } from "../exit";

type Grant =
  | { scope: "admin"; role: "editor" | "viewer" }
  | { scope: "tenant"; tenantId: string; role: "owner" | "editor" | "viewer" }
  | { scope: "project"; tenantId: string; projectId: string; role: "owner" | "editor" | "viewer" };

/** The role spellings of `npm run admin -- create-token`: admin:editor, tenant:acme:viewer, project:acme/<id>:owner. */
export function parseRole(spec: string): Grant {
  const admin = /^admin:(editor|viewer)$/.exec(spec);
  if (admin) return { scope: "admin", role: admin[1] as "editor" };
  const tenant = /^tenant:([^:/]+):(owner|editor|viewer)$/.exec(spec);
  if (tenant) return { scope: "tenant", tenantId: tenant[1], role: tenant[2] as "owner" };
  const project = /^project:([^:/]+)\/([^:/]+):(owner|editor|viewer)$/.exec(spec);
  if (project) return { scope: "project", tenantId: project[1], projectId: project[2], role: project[3] as "owner" };
  throw usageError(`--role ${spec}: use admin:<editor|viewer>, tenant:<tenant>:<owner|editor|viewer> or project:<tenant>/<project>:<owner|editor|viewer>`);
}

export function roleText(g: { scope: string; role: string; tenantId?: string; projectId?: string; tenantName?: string; projectName?: string }): string {
  if (g.scope === "admin") return `admin:${g.role}`;
  if (g.scope === "tenant") return `tenant:${g.tenantName ?? g.tenantId}:${g.role}`;
  return `project:${g.tenantName ?? g.tenantId}/${g.projectName ?? g.projectId}:${g.role}`;
}

import { eq, inArray } from "drizzle-orm";
import type { Grant } from "@/lib/auth/grants";
import { can } from "@/lib/auth/permissions";
import type { Executor } from "@/lib/db/client";
import { networks, projects } from "@/lib/db/schema";
import { NotFoundError, ValidationError } from "@/lib/http/errors";

export type NetworkRow = typeof networks.$inferSelect;
export type ProjectRef = { id: string; tenantId: string };

const adminKinds = new Set(["underlay", "super", "super-namespaced"]);
const projectTarget = (p: ProjectRef) => ({ kind: "project", tenantId: p.tenantId, projectId: p.id }) as const;

/**
 * Who may see, change or take IPs from a network, decided from the network itself:
 * infrastructure networks are operators' only; a private network belongs to its project;
 * private-shared and external networks are visible to every user (external ones only when
 * open to all projects or to one of the caller's).
 */
export function canReadNetwork(grants: Grant[], net: NetworkRow, owner: ProjectRef | null): boolean {
  if (can(grants, "infra.read", { kind: "global" })) return true;
  if (adminKinds.has(net.kind)) return false;
  if (net.kind === "private-shared") return true;
  if (net.kind === "external") return net.allowedProjectIds === null; // restricted ones: see canReadRestrictedExternal
  return owner !== null && can(grants, "resource.read", projectTarget(owner));
}

/** A restricted external network is visible to members of the projects it is open to. */
async function canReadRestrictedExternal(ex: Executor, grants: Grant[], net: NetworkRow): Promise<boolean> {
  if (net.kind !== "external" || !net.allowedProjectIds?.length) return false;
  const allowed = await ex.select({ id: projects.id, tenantId: projects.tenantId }).from(projects).where(inArray(projects.id, net.allowedProjectIds));
  return allowed.some((p) => can(grants, "resource.read", projectTarget(p)));
}

export function canWriteNetwork(grants: Grant[], net: NetworkRow, owner: ProjectRef | null): boolean {
  if (net.kind === "private" || net.kind === "private-shared") return owner !== null && can(grants, "resource.write", projectTarget(owner));
  return can(grants, "infra.write", { kind: "global" });
}

/** May `project` take addresses from this network? (The caller's right on the project is checked separately.) */
export function networkUsableBy(net: NetworkRow, projectId: string): boolean {
  switch (net.kind) {
    case "private": return net.projectId === projectId;
    case "private-shared": return true;
    case "external": return net.allowedProjectIds === null || net.allowedProjectIds.includes(projectId);
    default: return false;
  }
}

export async function getProjectRef(ex: Executor, projectId: string | null): Promise<ProjectRef | null> {
  if (!projectId) return null;
  const [p] = await ex.select({ id: projects.id, tenantId: projects.tenantId }).from(projects).where(eq(projects.id, projectId)).limit(1);
  return p ?? null;
}

/** A project the caller may write to (field error otherwise — a foreign project reads as "no such project"). */
export async function getWritableProject(ex: Executor, grants: Grant[], projectId: string, field = "projectId"): Promise<ProjectRef> {
  return assertWritableProject(grants, await getProjectRef(ex, projectId), field);
}

/** The check of getWritableProject over a project row already read (null: there is none). */
export function assertWritableProject<P extends ProjectRef>(grants: Grant[], p: P | null, field = "projectId"): P {
  if (!p || !can(grants, "resource.read", projectTarget(p))) throw new ValidationError([{ field: `body.${field}`, message: "no such project" }]);
  if (!can(grants, "resource.write", projectTarget(p))) throw new ValidationError([{ field: `body.${field}`, message: "you need the editor role in this project" }]);
  return p;
}

export async function getReadableNetwork(ex: Executor, grants: Grant[], id: string, lock = false): Promise<{ net: NetworkRow; owner: ProjectRef | null }> {
  const q = ex.select().from(networks).where(eq(networks.id, id)).limit(1);
  const [net] = lock ? await q.for("update") : await q;
  const owner = net ? await getProjectRef(ex, net.projectId) : null;
  if (!net || !(canReadNetwork(grants, net, owner) || (await canReadRestrictedExternal(ex, grants, net)))) throw new NotFoundError("Network", id);
  return { net, owner };
}

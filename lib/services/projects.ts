import { and, asc, eq, gt, ilike, type SQL } from "drizzle-orm";
import type { Grant } from "@/lib/auth/grants";
import { roleLevel } from "@/lib/auth/grants";
import type { Actor } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import type { CreateProjectInput, ListProjectsQuery, ProjectDto, UpdateProjectInput } from "@/lib/contracts/projects";
import { getDb, type Executor } from "@/lib/db/client";
import { projects, tenants } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { recordAudit } from "./audit";
import { containsPattern } from "./search";
import { inTx } from "./tx";
import { projectIsReadable } from "./visibility";

type ProjectRow = typeof projects.$inferSelect & { tenantName: string };

/** The strongest role the grants give on a project, for display ("owner", "viewer", "admin"). */
export function effectiveProjectRole(grants: Grant[], p: { id: string; tenantId: string }): string {
  let best: string | null = null;
  for (const g of grants) {
    const applies = g.scope !== "admin" && g.tenantId === p.tenantId && (g.scope === "tenant" || g.projectId === p.id);
    if (applies && (best === null || roleLevel(g.role) > roleLevel(best as never))) best = g.role;
  }
  if (best) return best;
  const admin = grants.find((g) => g.scope === "admin");
  return admin ? `admin ${admin.role}` : "none";
}

function toProjectDto(r: ProjectRow, grants: Grant[]): ProjectDto {
  return {
    id: r.id,
    tenantId: r.tenantId,
    tenantName: r.tenantName,
    name: r.name,
    description: r.description,
    quotas: r.quotas,
    myRole: effectiveProjectRole(grants, r),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const projectColumns = {
  id: projects.id,
  tenantId: projects.tenantId,
  name: projects.name,
  description: projects.description,
  quotas: projects.quotas,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
  tenantName: tenants.name,
};

async function getReadableProject(ex: Executor, actor: Actor, id: string, forUpdate = false): Promise<ProjectRow> {
  const q = ex.select(projectColumns).from(projects).innerJoin(tenants, eq(tenants.id, projects.tenantId)).where(eq(projects.id, id)).limit(1);
  const [row] = forUpdate ? await q.for("update", { of: projects }) : await q;
  if (!row || !can(actor.principal.grants, "project.read", { kind: "project", tenantId: row.tenantId, projectId: row.id })) {
    throw new NotFoundError("Project", id);
  }
  return row;
}

export async function getProject(actor: Actor, id: string): Promise<ProjectDto> {
  return toProjectDto(await getReadableProject(await getDb(), actor, id), actor.principal.grants);
}

export async function listProjects(actor: Actor, q: ListProjectsQuery) {
  const where: (SQL | undefined)[] = [projectIsReadable(actor.principal.grants, projects.id)];
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(projects.id, String(after)));
  if (q.tenantId) where.push(eq(projects.tenantId, q.tenantId));
  if (q.q) where.push(ilike(projects.name, containsPattern(q.q)));
  const db = await getDb();
  const rows = await db.select(projectColumns).from(projects).innerJoin(tenants, eq(tenants.id, projects.tenantId))
    .where(and(...where)).orderBy(asc(projects.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, (r) => toProjectDto(r, actor.principal.grants));
}

export async function createProject(actor: Actor, input: CreateProjectInput, tx?: Executor): Promise<ProjectDto> {
  return inTx(tx, async (t) => {
    const [tenant] = await t.select().from(tenants).where(eq(tenants.id, input.tenantId)).limit(1);
    const grants = actor.principal.grants;
    if (!tenant || !can(grants, "tenant.read", { kind: "tenant", tenantId: tenant.id })) {
      throw new ValidationError([{ field: "body.tenantId", message: "no such tenant" }]);
    }
    if (!can(grants, "project.create", { kind: "tenant", tenantId: tenant.id })) {
      throw new ForbiddenError("Creating projects needs the editor or owner role in the tenant.");
    }
    const [row] = await t.insert(projects).values({ id: uuidv7(), tenantId: tenant.id, name: input.name, description: input.description }).returning();
    const dto = toProjectDto({ ...row, tenantName: tenant.name }, grants);
    await recordAudit(t, actor, { action: "project.create", targetType: "project", targetId: row.id, tenantId: tenant.id, projectId: row.id, after: dto });
    return dto;
  });
}

export async function updateProject(actor: Actor, id: string, input: UpdateProjectInput, tx?: Executor): Promise<ProjectDto> {
  return inTx(tx, async (t) => {
    const before = await getReadableProject(t, actor, id, true);
    const target = { kind: "project", tenantId: before.tenantId, projectId: id } as const;
    if (!can(actor.principal.grants, "project.update", target)) throw new ForbiddenError();
    if (input.quotas && !can(actor.principal.grants, "project.quota", target)) throw new ForbiddenError("Only operators can change quotas.");
    const quotas = input.quotas ? { ...before.quotas, ...input.quotas } : before.quotas;
    const [row] = await t.update(projects).set({ ...input, quotas, updatedAt: new Date() }).where(eq(projects.id, id)).returning();
    const dto = toProjectDto({ ...row, tenantName: before.tenantName }, actor.principal.grants);
    await recordAudit(t, actor, { action: "project.update", targetType: "project", targetId: id, tenantId: before.tenantId, projectId: id, before: toProjectDto(before, actor.principal.grants), after: dto });
    return dto;
  });
}

export async function deleteProject(actor: Actor, id: string, tx?: Executor): Promise<void> {
  await inTx(tx, async (t) => {
    const before = await getReadableProject(t, actor, id, true);
    if (!can(actor.principal.grants, "project.delete", { kind: "project", tenantId: before.tenantId, projectId: id })) {
      throw new ForbiddenError("Deleting a project needs the owner role.");
    }
    // Later resources (machines, networks, IPs) reference projects with ON DELETE RESTRICT:
    // the database refuses and the mapper answers 409 rather than leaving orphans.
    await t.delete(projects).where(eq(projects.id, id));
    await recordAudit(t, actor, { action: "project.delete", targetType: "project", targetId: id, tenantId: before.tenantId, projectId: id, before: toProjectDto(before, actor.principal.grants) });
  });
}

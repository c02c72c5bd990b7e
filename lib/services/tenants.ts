import { and, asc, count, eq, gt, ilike, inArray, type SQL } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { can, isAdmin, memberTenantIds } from "@/lib/auth/permissions";
import type { CreateTenantInput, TenantDto, UpdateTenantInput } from "@/lib/contracts/tenants";
import { getDb, type Executor } from "@/lib/db/client";
import { projects, tenants } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { decodeCursor, type PaginationQuery, toPage } from "@/lib/http/pagination";
import { recordAudit } from "./audit";
import { containsPattern } from "./search";
import { inTx } from "./tx";

type TenantRow = typeof tenants.$inferSelect;

export function toTenantDto(t: TenantRow): TenantDto {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    groupRoles: t.groupRoles,
    quotas: t.quotas,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** Loads a tenant the actor may read; a foreign tenant is "not found", never "forbidden". */
async function getReadableTenant(ex: Executor, actor: Actor, id: string): Promise<TenantRow> {
  const [row] = await ex.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  if (!row || !can(actor.principal.grants, "tenant.read", { kind: "tenant", tenantId: row.id })) {
    throw new NotFoundError("Tenant", id);
  }
  return row;
}

export async function getTenant(actor: Actor, id: string): Promise<TenantDto> {
  return toTenantDto(await getReadableTenant(await getDb(), actor, id));
}

export async function listTenants(actor: Actor, q: PaginationQuery & { q?: string }) {
  const db = await getDb();
  const where: SQL[] = [];
  if (!isAdmin(actor.principal.grants)) {
    const ids = memberTenantIds(actor.principal.grants);
    if (ids.length === 0) return { items: [], nextCursor: null };
    where.push(inArray(tenants.id, ids));
  }
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(tenants.id, String(after)));
  if (q.q) where.push(ilike(tenants.name, containsPattern(q.q)));
  const rows = await db.select().from(tenants).where(and(...where)).orderBy(asc(tenants.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, toTenantDto);
}

export async function createTenant(actor: Actor, input: CreateTenantInput, tx?: Executor): Promise<TenantDto> {
  if (!can(actor.principal.grants, "tenant.create", { kind: "global" })) throw new ForbiddenError("Only operators can create tenants.");
  return inTx(tx, async (t) => {
    const [row] = await t.insert(tenants).values({ id: uuidv7(), ...input }).returning();
    const dto = toTenantDto(row);
    await recordAudit(t, actor, { action: "tenant.create", targetType: "tenant", targetId: row.id, tenantId: row.id, after: dto });
    return dto;
  });
}

export async function updateTenant(actor: Actor, id: string, input: UpdateTenantInput, tx?: Executor): Promise<TenantDto> {
  return inTx(tx, async (t) => {
    const before = await getReadableTenant(t, actor, id);
    if (!can(actor.principal.grants, "tenant.update", { kind: "tenant", tenantId: id })) throw new ForbiddenError();
    // Quotas and the IdP mapping decide what a tenant may do: only operators change them.
    if ((input.quotas || input.groupRoles) && !isAdmin(actor.principal.grants, "editor")) {
      throw new ForbiddenError("Only operators can change a tenant's quotas or group mapping.");
    }
    const [row] = await t.update(tenants).set({ ...input, updatedAt: new Date() }).where(eq(tenants.id, id)).returning();
    const dto = toTenantDto(row);
    await recordAudit(t, actor, { action: "tenant.update", targetType: "tenant", targetId: id, tenantId: id, before: toTenantDto(before), after: dto });
    return dto;
  });
}

export async function deleteTenant(actor: Actor, id: string, tx?: Executor): Promise<void> {
  await inTx(tx, async (t) => {
    const before = await getReadableTenant(t, actor, id);
    if (!can(actor.principal.grants, "tenant.delete", { kind: "tenant", tenantId: id })) throw new ForbiddenError();
    const [{ n }] = await t.select({ n: count() }).from(projects).where(eq(projects.tenantId, id));
    if (n > 0) throw new ConflictError(`Tenant ${before.name} still has ${n} project(s); delete them first.`, "still_referenced", { references: { projects: n } });
    await t.delete(tenants).where(eq(tenants.id, id));
    await recordAudit(t, actor, { action: "tenant.delete", targetType: "tenant", targetId: id, tenantId: id, before: toTenantDto(before) });
  });
}

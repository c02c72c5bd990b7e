import { and, asc, eq, gt, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { can } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/principal";
import type { CreateSizeReservationInput, SizeReservationDto, updateSizeReservationInput } from "@/lib/contracts/catalog";
import { getDb, type Executor, type Tx } from "@/lib/db/client";
import { partitions, projects, sizeReservations, sizes } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import type { FieldError } from "@/lib/domain/catalog";
import { NotFoundError } from "@/lib/http/errors";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { recordAudit } from "../audit";
import { containsPattern } from "../search";
import { inTx } from "../tx";
import { projectIsReadable } from "../visibility";
import { assertCatalogWrite, bodyFieldErrors, throwIfInvalid, type CatalogListQuery } from "./shared";

type ReservationRow = typeof sizeReservations.$inferSelect & { tenantId: string };
export type UpdateSizeReservationInput = z.infer<typeof updateSizeReservationInput>;
export type ListReservationsQuery = CatalogListQuery & { projectId?: string };

export function toReservationDto(r: ReservationRow): SizeReservationDto {
  return {
    id: r.id,
    sizeId: r.sizeId,
    projectId: r.projectId,
    tenantId: r.tenantId,
    partitionIds: r.partitionIds,
    amount: r.amount,
    description: r.description,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const columns = {
  id: sizeReservations.id,
  sizeId: sizeReservations.sizeId,
  projectId: sizeReservations.projectId,
  partitionIds: sizeReservations.partitionIds,
  amount: sizeReservations.amount,
  description: sizeReservations.description,
  createdAt: sizeReservations.createdAt,
  updatedAt: sizeReservations.updatedAt,
  tenantId: projects.tenantId,
};

/** Operators see every reservation; project members their project's; anyone else gets 404. */
async function getReadableReservation(ex: Executor, actor: Actor, id: string, forUpdate = false): Promise<ReservationRow> {
  const q = ex.select(columns).from(sizeReservations).innerJoin(projects, eq(projects.id, sizeReservations.projectId)).where(eq(sizeReservations.id, id)).limit(1);
  const [row] = forUpdate ? await q.for("update", { of: sizeReservations }) : await q;
  if (!row || !can(actor.principal.grants, "resource.read", { kind: "project", tenantId: row.tenantId, projectId: row.projectId })) {
    throw new NotFoundError("Size reservation", id);
  }
  return row;
}

export async function getReservation(actor: Actor, id: string): Promise<SizeReservationDto> {
  return toReservationDto(await getReadableReservation(await getDb(), actor, id));
}

/** The reservations a caller may read: all for operators, else those of projects it may read. */
export async function listReservations(actor: Actor, q: ListReservationsQuery) {
  const where: (SQL | undefined)[] = [projectIsReadable(actor.principal.grants, sizeReservations.projectId)];
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(sizeReservations.id, String(after)));
  if (q.projectId) where.push(eq(sizeReservations.projectId, q.projectId));
  if (q.q) where.push(or(ilike(sizeReservations.sizeId, containsPattern(q.q)), ilike(sizeReservations.description, containsPattern(q.q))));
  const db = await getDb();
  const rows = await db.select(columns).from(sizeReservations).innerJoin(projects, eq(projects.id, sizeReservations.projectId))
    .where(and(...where)).orderBy(asc(sizeReservations.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, toReservationDto);
}

/** Each partition must exist (FOR SHARE: it cannot be deleted before this commits) and be listed once. */
async function partitionProblems(t: Tx, ids: string[]): Promise<FieldError[]> {
  const found = new Set((await t.select({ id: partitions.id }).from(partitions).where(inArray(partitions.id, ids)).for("share")).map((p) => p.id));
  return ids.flatMap((id, i) => {
    const field = `partitionIds.${i}`;
    if (!found.has(id)) return [{ field, message: `no partition ${id}` }];
    return ids.indexOf(id) < i ? [{ field, message: `${id} is listed twice` }] : [];
  });
}

export async function createReservation(actor: Actor, input: CreateSizeReservationInput, tx?: Executor): Promise<SizeReservationDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    const [project] = await t.select({ id: projects.id, tenantId: projects.tenantId }).from(projects).where(eq(projects.id, input.projectId)).for("share");
    const [size] = await t.select({ id: sizes.id }).from(sizes).where(eq(sizes.id, input.sizeId)).for("share");
    const problems: FieldError[] = [];
    if (!project) problems.push({ field: "projectId", message: "no such project" });
    if (!size) problems.push({ field: "sizeId", message: `no size ${input.sizeId}` });
    problems.push(...(await partitionProblems(t, input.partitionIds)));
    throwIfInvalid(bodyFieldErrors(problems));
    const [row] = await t.insert(sizeReservations).values({ id: uuidv7(), ...input }).returning();
    const dto = toReservationDto({ ...row, tenantId: project.tenantId });
    await recordAudit(t, actor, { action: "size-reservation.create", targetType: "size-reservation", targetId: row.id, tenantId: project.tenantId, projectId: project.id, after: dto });
    return dto;
  });
}

export async function updateReservation(actor: Actor, id: string, input: UpdateSizeReservationInput, tx?: Executor): Promise<SizeReservationDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    const before = await getReadableReservation(t, actor, id, true);
    if (input.partitionIds) throwIfInvalid(bodyFieldErrors(await partitionProblems(t, input.partitionIds)));
    const [row] = await t.update(sizeReservations).set({ ...input, updatedAt: new Date() }).where(eq(sizeReservations.id, id)).returning();
    const dto = toReservationDto({ ...row, tenantId: before.tenantId });
    await recordAudit(t, actor, { action: "size-reservation.update", targetType: "size-reservation", targetId: id, tenantId: before.tenantId, projectId: before.projectId, before: toReservationDto(before), after: dto });
    return dto;
  });
}

export async function deleteReservation(actor: Actor, id: string, tx?: Executor): Promise<void> {
  assertCatalogWrite(actor);
  await inTx(tx, async (t) => {
    const before = await getReadableReservation(t, actor, id, true);
    await t.delete(sizeReservations).where(eq(sizeReservations.id, id));
    await recordAudit(t, actor, { action: "size-reservation.delete", targetType: "size-reservation", targetId: id, tenantId: before.tenantId, projectId: before.projectId, before: toReservationDto(before) });
  });
}

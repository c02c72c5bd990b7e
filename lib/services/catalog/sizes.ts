import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import type { CreateSizeInput, SizeDto, sizeSuggestionDto, UpdateSizeInput } from "@/lib/contracts/catalog";
import { getDb, type Executor, type Tx } from "@/lib/db/client";
import { filesystemLayouts, machines, sizeReservations, sizes } from "@/lib/db/schema";
import { findOverlappingSize, matchSize, sizeProblems, type Hardware, type SizeConstraint, type SizeDef } from "@/lib/domain/catalog";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { toPage } from "@/lib/http/pagination";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import {
  assertCatalogRead,
  assertCatalogWrite,
  assertUnreferenced,
  bodyFieldErrors,
  catalogListWhere,
  jsonArrayContains,
  lockTableForOverlapCheck,
  throwIfInvalid,
  type CatalogListQuery,
} from "./shared";
import { describeHardware } from "./size-suggestion";

type SizeRow = typeof sizes.$inferSelect;
export type SizeSuggestionDto = z.infer<typeof sizeSuggestionDto>;

export function toSizeDto(r: SizeRow): SizeDto {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    constraints: r.constraints,
    labels: r.labels,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function getSizeRow(ex: Executor, id: string, lock?: "update" | "share"): Promise<SizeRow> {
  const q = ex.select().from(sizes).where(eq(sizes.id, id)).limit(1);
  const [row] = lock ? await q.for(lock) : await q;
  if (!row) throw new NotFoundError("Size", id);
  return row;
}

export async function getSize(actor: Actor, id: string): Promise<SizeDto> {
  assertCatalogRead(actor);
  return toSizeDto(await getSizeRow(await getDb(), id));
}

export async function listSizes(actor: Actor, q: CatalogListQuery) {
  assertCatalogRead(actor);
  const db = await getDb();
  const rows = await db.select().from(sizes).where(and(...catalogListWhere(sizes, q))).orderBy(asc(sizes.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, toSizeDto);
}

/**
 * Field errors for the constraints, then the overlap check: a machine matching two sizes would
 * match neither ("unknown") and silently drop out of every pool.
 */
async function assertValidSize(t: Tx, size: SizeDef): Promise<void> {
  throwIfInvalid(bodyFieldErrors(sizeProblems(size)));
  await lockTableForOverlapCheck(t, "sizes");
  const others = await t.select({ id: sizes.id, constraints: sizes.constraints }).from(sizes).where(ne(sizes.id, size.id)).orderBy(asc(sizes.id));
  const other = findOverlappingSize(size, others);
  if (other) {
    throw new ConflictError(
      `size ${size.id} overlaps size ${other.id}: some hardware would match both, so neither would be chosen. Narrow the constraints so that at least one range is disjoint.`,
      "size_overlap",
      { otherSize: other.id },
    );
  }
}

export async function createSize(actor: Actor, input: CreateSizeInput, tx?: Executor): Promise<SizeDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    await assertValidSize(t, { id: input.id, constraints: input.constraints });
    const [row] = await t.insert(sizes).values(input).returning();
    const dto = toSizeDto(row);
    await recordAudit(t, actor, { action: "size.create", targetType: "size", targetId: row.id, after: dto });
    return dto;
  });
}

export async function updateSize(actor: Actor, id: string, input: UpdateSizeInput, tx?: Executor): Promise<SizeDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    const before = await getSizeRow(t, id, "update");
    if (input.constraints) await assertValidSize(t, { id, constraints: input.constraints });
    const [row] = await t.update(sizes).set({ ...input, updatedAt: new Date() }).where(eq(sizes.id, id)).returning();
    const dto = toSizeDto(row);
    await recordAudit(t, actor, { action: "size.update", targetType: "size", targetId: id, before: toSizeDto(before), after: dto });
    return dto;
  });
}

/** Refused while machines, reservations or layouts use the size; its image constraint goes with it. */
export async function deleteSize(actor: Actor, id: string, tx?: Executor): Promise<void> {
  assertCatalogWrite(actor);
  await inTx(tx, async (t) => {
    const before = await getSizeRow(t, id, "update");
    const [{ n: machineCount }] = await t.select({ n: count() }).from(machines).where(eq(machines.sizeId, id));
    const [{ n: reservationCount }] = await t.select({ n: count() }).from(sizeReservations).where(eq(sizeReservations.sizeId, id));
    const [{ n: layoutCount }] = await t.select({ n: count() }).from(filesystemLayouts)
      .where(jsonArrayContains(sql`${filesystemLayouts.constraints} -> 'sizes'`, id));
    assertUnreferenced(`size ${id}`, [
      { label: "machine", key: "machines", count: machineCount },
      { label: "size reservation", key: "sizeReservations", count: reservationCount },
      { label: "filesystem layout", key: "filesystemLayouts", count: layoutCount },
    ]);
    await t.delete(sizes).where(eq(sizes.id, id));
    await recordAudit(t, actor, { action: "size.delete", targetType: "size", targetId: id, before: toSizeDto(before) });
  });
}

/** Which size the hardware matches, and constraints describing exactly it (to start a new size). */
export async function suggestSize(actor: Actor, hardware: Hardware): Promise<SizeSuggestionDto> {
  assertCatalogRead(actor);
  const db = await getDb();
  const all = await db.select({ id: sizes.id, constraints: sizes.constraints }).from(sizes).orderBy(asc(sizes.id));
  const match = matchSize(hardware, all);
  const constraints: SizeConstraint[] = describeHardware(hardware);
  return { match: match.kind === "match" ? match : { kind: "unknown", reason: match.reason, candidates: match.candidates }, constraints };
}

import { and, asc, eq, gt, ilike, type SQL } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { SizeImageConstraintDto } from "@/lib/contracts/catalog";
import { getDb, type Executor } from "@/lib/db/client";
import { sizeImageConstraints } from "@/lib/db/schema";
import { IMAGE_OS_PATTERN, semverRangeProblem, type FieldError } from "@/lib/domain/catalog";
import { NotFoundError } from "@/lib/http/errors";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { recordAudit } from "../audit";
import { containsPattern } from "../search";
import { inTx } from "../tx";
import { assertCatalogRead, assertCatalogWrite, bodyFieldErrors, throwIfInvalid, type CatalogListQuery } from "./shared";
import { getSizeRow } from "./sizes";

/** Which image versions may be installed on a size: os → version range ("ubuntu": ">= 22.4"). */

type ConstraintRow = typeof sizeImageConstraints.$inferSelect;

export function toSizeImageConstraintDto(r: ConstraintRow): SizeImageConstraintDto {
  return { sizeId: r.sizeId, images: r.images, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

async function getConstraintRow(ex: Executor, sizeId: string, forUpdate = false): Promise<ConstraintRow | undefined> {
  const q = ex.select().from(sizeImageConstraints).where(eq(sizeImageConstraints.sizeId, sizeId)).limit(1);
  const [row] = forUpdate ? await q.for("update") : await q;
  return row;
}

export async function getSizeImageConstraint(actor: Actor, sizeId: string): Promise<SizeImageConstraintDto> {
  assertCatalogRead(actor);
  const row = await getConstraintRow(await getDb(), sizeId);
  if (!row) throw new NotFoundError("Image constraint of size", sizeId);
  return toSizeImageConstraintDto(row);
}

export async function listSizeImageConstraints(actor: Actor, q: CatalogListQuery) {
  assertCatalogRead(actor);
  const where: SQL[] = [];
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(sizeImageConstraints.sizeId, String(after)));
  if (q.q) where.push(ilike(sizeImageConstraints.sizeId, containsPattern(q.q)));
  const db = await getDb();
  const rows = await db.select().from(sizeImageConstraints).where(and(...where)).orderBy(asc(sizeImageConstraints.sizeId)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.sizeId, toSizeImageConstraintDto);
}

function imageRangeProblems(images: Record<string, string>): FieldError[] {
  return Object.entries(images).flatMap(([os, range]) => {
    const field = `images.${os}`;
    if (!IMAGE_OS_PATTERN.test(os)) return [{ field, message: `"${os}" is not an os name (lowercase words joined by dashes, no wildcards)` }];
    const problem = semverRangeProblem(range);
    return problem ? [{ field, message: `${JSON.stringify(range)} ${problem}` }] : [];
  });
}

/** Creates or replaces the size's constraint. */
export async function putSizeImageConstraint(actor: Actor, sizeId: string, input: { images: Record<string, string> }, tx?: Executor): Promise<SizeImageConstraintDto> {
  assertCatalogWrite(actor);
  throwIfInvalid(bodyFieldErrors(imageRangeProblems(input.images)));
  return inTx(tx, async (t) => {
    await getSizeRow(t, sizeId, "share");
    const before = await getConstraintRow(t, sizeId, true);
    const now = new Date();
    const [row] = await t.insert(sizeImageConstraints).values({ sizeId, images: input.images })
      .onConflictDoUpdate({ target: sizeImageConstraints.sizeId, set: { images: input.images, updatedAt: now } }).returning();
    const dto = toSizeImageConstraintDto(row);
    await recordAudit(t, actor, {
      action: before ? "size-image-constraint.update" : "size-image-constraint.create",
      targetType: "size-image-constraint",
      targetId: sizeId,
      before: before ? toSizeImageConstraintDto(before) : undefined,
      after: dto,
    });
    return dto;
  });
}

export async function deleteSizeImageConstraint(actor: Actor, sizeId: string, tx?: Executor): Promise<void> {
  assertCatalogWrite(actor);
  await inTx(tx, async (t) => {
    const before = await getConstraintRow(t, sizeId, true);
    if (!before) throw new NotFoundError("Image constraint of size", sizeId);
    await t.delete(sizeImageConstraints).where(eq(sizeImageConstraints.sizeId, sizeId));
    await recordAudit(t, actor, { action: "size-image-constraint.delete", targetType: "size-image-constraint", targetId: sizeId, before: toSizeImageConstraintDto(before) });
  });
}

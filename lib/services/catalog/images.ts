import { and, asc, count, eq, gt, ilike, or, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import type { CreateImageInput, ImageDto, listImagesQuery, UpdateImageInput } from "@/lib/contracts/catalog";
import { getDb, type Executor } from "@/lib/db/client";
import { images, machines } from "@/lib/db/schema";
import { isImageExpired, parseImageId, resolveImage } from "@/lib/domain/catalog";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { recordAudit } from "../audit";
import { containsPattern } from "../search";
import { inTx } from "../tx";
import { assertCatalogRead, assertCatalogWrite, assertUnreferenced, jsonArrayContains } from "./shared";

type ImageRow = typeof images.$inferSelect;
export type ListImagesQuery = z.infer<typeof listImagesQuery>;

export function toImageDto(r: ImageRow, now = new Date()): ImageDto {
  return {
    id: r.id,
    os: r.os,
    version: r.version,
    name: r.name,
    description: r.description,
    url: r.url,
    sha256: r.sha256,
    features: r.features,
    classification: r.classification,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    expired: isImageExpired(r, now),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function getImageRow(ex: Executor, id: string, lock?: "update"): Promise<ImageRow> {
  const q = ex.select().from(images).where(eq(images.id, id)).limit(1);
  const [row] = lock ? await q.for(lock) : await q;
  if (!row) throw new NotFoundError("Image", id);
  return row;
}

export async function getImage(actor: Actor, id: string): Promise<ImageDto> {
  assertCatalogRead(actor);
  return toImageDto(await getImageRow(await getDb(), id));
}

function filters(q: ListImagesQuery): SQL[] {
  const where: SQL[] = [];
  if (q.os) where.push(eq(images.os, q.os));
  if (q.feature) where.push(jsonArrayContains(images.features, q.feature));
  if (q.q) where.push(or(ilike(images.id, containsPattern(q.q)), ilike(images.name, containsPattern(q.q)))!);
  return where;
}

/**
 * Lists images; with `resolve` ("ubuntu-24.04", or a full id) only the one image that id
 * resolves to (newest matching build by semver), or nothing. Expired images are listed and
 * resolved too, marked `expired` (an existing machine's image must stay visible).
 */
export async function listImages(actor: Actor, q: ListImagesQuery) {
  assertCatalogRead(actor);
  const db = await getDb();
  if (q.resolve !== undefined) {
    const parsed = parseImageId(q.resolve);
    if (!parsed.ok) throw new ValidationError([{ field: "query.resolve", message: parsed.error.message }]);
    const candidates = await db.select().from(images).where(and(eq(images.os, parsed.value.os), ...filters(q)));
    const resolved = resolveImage(q.resolve, candidates, new Date());
    return { items: resolved.ok ? [toImageDto(resolved.image)] : [], nextCursor: null };
  }
  const where = filters(q);
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(images.id, String(after)));
  const rows = await db.select().from(images).where(and(...where)).orderBy(asc(images.id)).limit(q.limit + 1);
  const now = new Date();
  return toPage(rows, q.limit, (r) => r.id, (r) => toImageDto(r, now));
}

/**
 * The id is stored as written; os and the normalised version are stored beside it, so that
 * "ubuntu-24.04.20260101" and "ubuntu-24.4.20260101" (one image, two spellings) cannot both exist.
 */
export async function createImage(actor: Actor, input: CreateImageInput, tx?: Executor): Promise<ImageDto> {
  assertCatalogWrite(actor);
  const parsed = parseImageId(input.id, { requireFull: true });
  if (!parsed.ok) throw new ValidationError([{ field: "body.id", message: parsed.error.message }]);
  const { os, version } = parsed.value;
  return inTx(tx, async (t) => {
    const [same] = await t.select({ id: images.id }).from(images).where(and(eq(images.os, os), eq(images.version, version))).limit(1);
    if (same) {
      throw new ConflictError(`image ${input.id} already exists${same.id === input.id ? "" : ` as ${same.id}`}.`, "already_exists", { existing: same.id });
    }
    const [row] = await t.insert(images).values({ ...input, os, version }).returning();
    const dto = toImageDto(row);
    await recordAudit(t, actor, { action: "image.create", targetType: "image", targetId: row.id, after: dto });
    return dto;
  });
}

export async function updateImage(actor: Actor, id: string, input: UpdateImageInput, tx?: Executor): Promise<ImageDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    const before = await getImageRow(t, id, "update");
    const [row] = await t.update(images).set({ ...input, updatedAt: new Date() }).where(eq(images.id, id)).returning();
    const dto = toImageDto(row);
    await recordAudit(t, actor, { action: "image.update", targetType: "image", targetId: id, before: toImageDto(before), after: dto });
    return dto;
  });
}

/** Refused while machines run the image (they reinstall from it and show where they came from). */
export async function deleteImage(actor: Actor, id: string, tx?: Executor): Promise<void> {
  assertCatalogWrite(actor);
  await inTx(tx, async (t) => {
    const before = await getImageRow(t, id, "update");
    const [{ n }] = await t.select({ n: count() }).from(machines).where(eq(machines.imageId, id));
    assertUnreferenced(`image ${id}`, [{ label: "machine", key: "machines", count: n }]);
    await t.delete(images).where(eq(images.id, id));
    await recordAudit(t, actor, { action: "image.delete", targetType: "image", targetId: id, before: toImageDto(before) });
  });
}

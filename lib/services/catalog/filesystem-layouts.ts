import { and, asc, count, eq, inArray, ne } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import type { CreateFilesystemLayoutInput, FilesystemLayoutDto, tryLayoutDto, UpdateFilesystemLayoutInput } from "@/lib/contracts/catalog";
import { getDb, type Executor, type Tx } from "@/lib/db/client";
import { filesystemLayouts, images, machines, sizes } from "@/lib/db/schema";
import { layoutProblems, layoutsOverlap, matchLayout, parseImageId, resolveImage, type FieldError, type FilesystemLayout } from "@/lib/domain/catalog";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { toPage } from "@/lib/http/pagination";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import {
  assertCatalogRead,
  assertCatalogWrite,
  assertUnreferenced,
  bodyFieldErrors,
  catalogListWhere,
  lockTableForOverlapCheck,
  throwIfInvalid,
  type CatalogListQuery,
} from "./shared";

type LayoutRow = typeof filesystemLayouts.$inferSelect;
export type TryLayoutDto = z.infer<typeof tryLayoutDto>;

export function toLayoutDto(r: LayoutRow): FilesystemLayoutDto {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    disks: r.spec.disks.map((d) => ({ ...d, wipeOnReinstall: d.wipeOnReinstall ?? false })),
    raid: r.spec.raid ?? [],
    volumeGroups: r.spec.volumeGroups ?? [],
    logicalVolumes: r.spec.logicalVolumes ?? [],
    filesystems: r.spec.filesystems,
    constraints: r.constraints,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function getLayoutRow(ex: Executor, id: string, lock?: "update"): Promise<LayoutRow> {
  const q = ex.select().from(filesystemLayouts).where(eq(filesystemLayouts.id, id)).limit(1);
  const [row] = lock ? await q.for(lock) : await q;
  if (!row) throw new NotFoundError("Filesystem layout", id);
  return row;
}

export async function getLayout(actor: Actor, id: string): Promise<FilesystemLayoutDto> {
  assertCatalogRead(actor);
  return toLayoutDto(await getLayoutRow(await getDb(), id));
}

export async function listLayouts(actor: Actor, q: CatalogListQuery) {
  assertCatalogRead(actor);
  const db = await getDb();
  const rows = await db.select().from(filesystemLayouts).where(and(...catalogListWhere(filesystemLayouts, q))).orderBy(asc(filesystemLayouts.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, toLayoutDto);
}

/** Sizes named by the constraints that do not exist: a typo would make the layout never match. */
async function missingSizes(t: Tx, names: string[]): Promise<FieldError[]> {
  if (names.length === 0) return [];
  // FOR SHARE keeps the sizes from being deleted until this layout is committed.
  const found = await t.select({ id: sizes.id }).from(sizes).where(inArray(sizes.id, names)).for("share");
  const ids = new Set(found.map((s) => s.id));
  return names.flatMap((name, i) => (ids.has(name) ? [] : [{ field: `constraints.sizes.${i}`, message: `no size ${name}` }]));
}

/**
 * Device references, sizes and option syntax (layoutProblems), the named sizes, then overlap:
 * two layouts matching one (size, image) pair would make the automatic choice ambiguous.
 */
async function assertValidLayout(t: Tx, id: string, layout: FilesystemLayout): Promise<void> {
  const problems = layoutProblems(layout);
  problems.push(...(await missingSizes(t, layout.constraints.sizes)).filter((m) => !problems.some((p) => p.field === m.field)));
  throwIfInvalid(bodyFieldErrors(problems));
  await lockTableForOverlapCheck(t, "filesystem_layouts");
  const others = await t.select({ id: filesystemLayouts.id, constraints: filesystemLayouts.constraints }).from(filesystemLayouts)
    .where(ne(filesystemLayouts.id, id)).orderBy(asc(filesystemLayouts.id));
  const other = others.find((o) => layoutsOverlap(layout, o));
  if (other) {
    throw new ConflictError(
      `filesystem layout ${id} overlaps layout ${other.id}: both would match some size and image. Give them disjoint sizes or image version ranges.`,
      "layout_overlap",
      { otherLayout: other.id },
    );
  }
}

function split(input: CreateFilesystemLayoutInput | UpdateFilesystemLayoutInput) {
  const { name, description, constraints, disks, raid, volumeGroups, logicalVolumes, filesystems } = input;
  return { name, description, constraints, spec: { disks, raid, volumeGroups, logicalVolumes, filesystems } };
}

export async function createLayout(actor: Actor, input: CreateFilesystemLayoutInput, tx?: Executor): Promise<FilesystemLayoutDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    await assertValidLayout(t, input.id, input);
    const [row] = await t.insert(filesystemLayouts).values({ id: input.id, ...split(input) }).returning();
    const dto = toLayoutDto(row);
    await recordAudit(t, actor, { action: "filesystem-layout.create", targetType: "filesystem-layout", targetId: row.id, after: dto });
    return dto;
  });
}

/** PUT: the layout is replaced as a whole (partial edits of nested disks/RAID would be ambiguous). */
export async function updateLayout(actor: Actor, id: string, input: UpdateFilesystemLayoutInput, tx?: Executor): Promise<FilesystemLayoutDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    const before = await getLayoutRow(t, id, "update");
    await assertValidLayout(t, id, input);
    const [row] = await t.update(filesystemLayouts).set({ ...split(input), updatedAt: new Date() }).where(eq(filesystemLayouts.id, id)).returning();
    const dto = toLayoutDto(row);
    await recordAudit(t, actor, { action: "filesystem-layout.update", targetType: "filesystem-layout", targetId: id, before: toLayoutDto(before), after: dto });
    return dto;
  });
}

export async function deleteLayout(actor: Actor, id: string, tx?: Executor): Promise<void> {
  assertCatalogWrite(actor);
  await inTx(tx, async (t) => {
    const before = await getLayoutRow(t, id, "update");
    const [{ n }] = await t.select({ n: count() }).from(machines).where(eq(machines.filesystemLayoutId, id));
    assertUnreferenced(`filesystem layout ${id}`, [{ label: "machine", key: "machines", count: n }]);
    await t.delete(filesystemLayouts).where(eq(filesystemLayouts.id, id));
    await recordAudit(t, actor, { action: "filesystem-layout.delete", targetType: "filesystem-layout", targetId: id, before: toLayoutDto(before) });
  });
}

/** Which layout an allocation of this size with this image (partial ids resolve) would get. */
export async function tryLayout(actor: Actor, input: { size: string; image: string }): Promise<TryLayoutDto> {
  assertCatalogRead(actor);
  const db = await getDb();
  const parsed = parseImageId(input.image);
  if (!parsed.ok) throw new ValidationError([{ field: "body.image", message: parsed.error.message }]);
  const [size] = await db.select({ id: sizes.id }).from(sizes).where(eq(sizes.id, input.size)).limit(1);
  if (!size) throw new ValidationError([{ field: "body.size", message: `no size ${input.size}` }]);
  const candidates = await db.select({ id: images.id, expiresAt: images.expiresAt, os: images.os, version: images.version }).from(images).where(eq(images.os, parsed.value.os));
  const image = resolveImage(input.image, candidates, new Date());
  if (!image.ok) throw new ValidationError([{ field: "body.image", message: image.reason.message }]);
  const layouts = await db.select({ id: filesystemLayouts.id, constraints: filesystemLayouts.constraints }).from(filesystemLayouts).orderBy(asc(filesystemLayouts.id));
  const match = matchLayout(layouts, size.id, image.image);
  if (match.ok) return { layoutId: match.layout.id, imageId: image.image.id };
  return { layoutId: null, imageId: image.image.id, reason: match.reason, candidates: match.candidates };
}

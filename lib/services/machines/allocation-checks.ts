import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw";
import { filesystemLayouts, images, type Quotas, sizeImageConstraints } from "@/lib/db/schema";
import { isReinstallable, layoutFits, matchLayout, parseImageId, resolveImage, satisfiesRange } from "@/lib/domain/catalog";
import { filesystemLayoutSchema, hardwareSchema } from "@/lib/domain/catalog/schemas";
import { ValidationError } from "@/lib/http/errors";

/**
 * The catalog side of DOMAIN §3.2 step 1, each failure a 422 naming the request field:
 * partition and size exist; the image resolves (expired images are not allocatable), has the
 * "machine" feature and satisfies the size's image constraint; the filesystem layout is the
 * one named or the single one matching (size, image), and fits the machine's disks.
 */
export type ImageRow = typeof images.$inferSelect;
export type LayoutRow = typeof filesystemLayouts.$inferSelect;

const invalid = (field: string, message: string) => new ValidationError([{ field: `body.${field}`, message }]);

/**
 * What the catalog checks read, for one (size, image query): read in ONE statement with the rest
 * of what an allocation reads first (allocation-facts.ts; it was seven), then decided by the pure
 * functions below. `project` there is null when there is no such project.
 */
export type CatalogFacts = {
  partition: boolean;
  size: boolean;
  images: ImageRow[];
  constraint: Record<string, string> | null;
  layouts: LayoutRow[];
};
export type ProjectFacts = { id: string; tenantId: string; name: string; quotas: Quotas };

export function assertPartitionFact(facts: CatalogFacts, id: string): void {
  if (!facts.partition) throw invalid("partitionId", `no partition ${id}`);
}

export function assertSizeFact(facts: CatalogFacts, id: string): void {
  if (!facts.size) throw invalid("sizeId", `no size ${id}`);
}

/**
 * The newest non-expired image the query names, usable on machines of `sizeId`. A size-image
 * constraint restricts the versions of the operating systems it lists; other operating systems
 * are not restricted (metal-stack's rule). The caller KEY SHARE locks the chosen row
 * (lockCatalogRows), so it cannot be deleted before the allocation referencing it commits.
 */
export function chooseImage(facts: Pick<CatalogFacts, "images" | "constraint">, query: string, sizeId: string, field = "image"): ImageRow {
  const parsed = parseImageId(query);
  if (!parsed.ok) throw invalid(field, parsed.error.message);
  const resolved = resolveImage(query, facts.images, new Date(), { forAllocation: true });
  if (!resolved.ok) throw invalid(field, resolved.reason.message);
  const image = resolved.image;
  if (!image.features.includes("machine")) throw invalid(field, `image ${image.id} is not for machines (features: ${image.features.join(", ") || "none"})`);
  const constraint = facts.constraint;
  const range = constraint && Object.hasOwn(constraint, image.os) ? constraint[image.os] : undefined;
  if (range !== undefined && !satisfiesRange(image.version, range)) {
    throw invalid(field, `size ${sizeId} accepts ${image.os} ${range} only; ${image.id} is version ${image.version}`);
  }
  return image;
}

/** The named layout (used as named: operators name unconstrained layouts while developing them), or the single one whose constraints match (size, image). */
export function chooseLayoutFrom(layouts: LayoutRow[], layoutId: string | undefined, sizeId: string, image: ImageRow): LayoutRow {
  if (layoutId) {
    const named = layouts.find((l) => l.id === layoutId);
    if (!named) throw invalid("filesystemLayoutId", `no filesystem layout ${layoutId}`);
    return named;
  }
  const match = matchLayout(layouts, sizeId, image);
  if (!match.ok) {
    const message = match.reason === "none"
      ? `no filesystem layout is defined for size ${sizeId} with ${image.id}; name one in filesystemLayoutId`
      : `several filesystem layouts match size ${sizeId} with ${image.id} (${match.candidates.join(", ")}); name one in filesystemLayoutId`;
    throw invalid("filesystemLayoutId", message);
  }
  return match.layout;
}

/**
 * KEY SHARE locks on the chosen image (and layout), one statement: neither can be deleted before
 * the allocation referencing them commits. A row deleted since it was read is a 422 as if it had
 * never been there.
 */
export async function lockCatalogRows(tx: Executor, imageId: string, layoutId?: string): Promise<void> {
  const rows = layoutId
    ? await queryRows<{ image: string | null; layout: string | null }>(tx, sql`select (select id from images where id = ${imageId} for key share) as image, (select id from filesystem_layouts where id = ${layoutId} for key share) as layout`)
    : await queryRows<{ image: string | null; layout: string | null }>(tx, sql`select (select id from images where id = ${imageId} for key share) as image, null as layout`);
  if (rows[0]?.image == null) throw invalid("image", `no image ${imageId}`);
  if (layoutId && rows[0]?.layout == null) throw invalid("filesystemLayoutId", `no filesystem layout ${layoutId}`);
}

/** resolveMachineImage for a reinstall: the size's constraint and the OS's images, read, chosen and locked. */
export async function resolveMachineImage(tx: Executor, query: string, sizeId: string, field = "image"): Promise<ImageRow> {
  const parsed = parseImageId(query);
  if (!parsed.ok) throw invalid(field, parsed.error.message);
  const candidates = await tx.select().from(images).where(eq(images.os, parsed.value.os));
  const [constraint] = await tx.select({ images: sizeImageConstraints.images }).from(sizeImageConstraints).where(eq(sizeImageConstraints.sizeId, sizeId)).limit(1);
  const image = chooseImage({ images: candidates, constraint: constraint?.images ?? null }, query, sizeId, field);
  await lockCatalogRows(tx, image.id);
  return image;
}

/** The stored layout with its defaults applied (it was validated when it was written). */
const layoutOf = (row: LayoutRow) => filesystemLayoutSchema.parse({ ...row.spec, constraints: row.constraints });

/**
 * The layout must fit the disks the machine reported, or the install would fail half-way.
 * Machines whose hardware was never reported in full are not checked.
 */
export function assertLayoutFits(layout: LayoutRow, machineId: string, hardware: unknown): void {
  const hw = hardwareSchema.safeParse(hardware);
  if (!hw.success || hw.data.disks.length === 0) return;
  const problems = layoutFits(layoutOf(layout), hw.data.disks);
  if (problems.length) throw invalid("filesystemLayoutId", `layout ${layout.id} does not fit machine ${machineId}: ${problems.map((p) => p.message).join("; ")}`);
}

/**
 * A reinstall keeps the allocation's layout: disks not marked wipeOnReinstall keep their data,
 * which a different partition table would destroy. So the layout must wipe at least one disk
 * and, if it constrains operating systems, accept the new image.
 */
export function assertLayoutAcceptsReinstall(layout: LayoutRow, image: ImageRow): void {
  if (!isReinstallable(layoutOf(layout))) throw invalid("image", `filesystem layout ${layout.id} wipes no disk on reinstall, so no new image can be written; free and allocate again`);
  const ranges = layout.constraints.images;
  if (Object.keys(ranges).length === 0) return;
  const range = Object.hasOwn(ranges, image.os) ? ranges[image.os] : undefined;
  if (range === undefined || !satisfiesRange(image.version, range)) {
    throw invalid("image", `filesystem layout ${layout.id} of this machine does not accept ${image.id}; free and allocate again to change the layout`);
  }
}

import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { filesystemLayouts, images, partitions, sizeImageConstraints, sizes } from "@/lib/db/schema";
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

export async function assertPartitionExists(tx: Executor, id: string): Promise<void> {
  const [p] = await tx.select({ id: partitions.id }).from(partitions).where(eq(partitions.id, id)).limit(1);
  if (!p) throw invalid("partitionId", `no partition ${id}`);
}

export async function assertSizeExists(tx: Executor, id: string): Promise<void> {
  const [s] = await tx.select({ id: sizes.id }).from(sizes).where(eq(sizes.id, id)).limit(1);
  if (!s) throw invalid("sizeId", `no size ${id}`);
}

/**
 * The newest non-expired image the query names, usable on machines of `sizeId`. The row is
 * KEY SHARE locked: it cannot be deleted before the allocation referencing it commits.
 * A size-image constraint restricts the versions of the operating systems it lists; other
 * operating systems are not restricted (metal-stack's rule).
 */
export async function resolveMachineImage(tx: Executor, query: string, sizeId: string, field = "image"): Promise<ImageRow> {
  const parsed = parseImageId(query);
  if (!parsed.ok) throw invalid(field, parsed.error.message);
  const candidates = await tx.select().from(images).where(eq(images.os, parsed.value.os));
  const resolved = resolveImage(query, candidates, new Date(), { forAllocation: true });
  if (!resolved.ok) throw invalid(field, resolved.reason.message);
  const image = resolved.image;
  await tx.select({ id: images.id }).from(images).where(eq(images.id, image.id)).for("key share");
  if (!image.features.includes("machine")) throw invalid(field, `image ${image.id} is not for machines (features: ${image.features.join(", ") || "none"})`);
  const [constraint] = await tx.select({ images: sizeImageConstraints.images }).from(sizeImageConstraints).where(eq(sizeImageConstraints.sizeId, sizeId)).limit(1);
  const range = constraint && Object.hasOwn(constraint.images, image.os) ? constraint.images[image.os] : undefined;
  if (range !== undefined && !satisfiesRange(image.version, range)) {
    throw invalid(field, `size ${sizeId} accepts ${image.os} ${range} only; ${image.id} is version ${image.version}`);
  }
  return image;
}

/** The named layout, or the single layout whose constraints match (size, image). */
export async function chooseLayout(tx: Executor, layoutId: string | undefined, sizeId: string, image: ImageRow): Promise<LayoutRow> {
  if (layoutId) {
    // Named explicitly: used as named (operators name unconstrained layouts while developing them).
    const [named] = await tx.select().from(filesystemLayouts).where(eq(filesystemLayouts.id, layoutId)).limit(1).for("key share");
    if (!named) throw invalid("filesystemLayoutId", `no filesystem layout ${layoutId}`);
    return named;
  }
  const layouts = await tx.select().from(filesystemLayouts).orderBy(asc(filesystemLayouts.id));
  const match = matchLayout(layouts, sizeId, image);
  if (!match.ok) {
    const message = match.reason === "none"
      ? `no filesystem layout is defined for size ${sizeId} with ${image.id}; name one in filesystemLayoutId`
      : `several filesystem layouts match size ${sizeId} with ${image.id} (${match.candidates.join(", ")}); name one in filesystemLayoutId`;
    throw invalid("filesystemLayoutId", message);
  }
  await tx.select({ id: filesystemLayouts.id }).from(filesystemLayouts).where(eq(filesystemLayouts.id, match.layout.id)).for("key share");
  return match.layout;
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

import { z } from "zod";
import { boundedRecord, text } from "../text";
import { MAX_GLOB_LENGTH } from "./glob";
import { MAX_IMAGE_ID_LENGTH } from "./image";
import { SIZE_CONSTRAINT_TYPES } from "./size";
import { MAX_RANGE_LENGTH } from "./version-range";

/**
 * API contract for sizes, hardware, images and filesystem layouts: shape only. The semantic
 * rules (min ≤ max, devices exist, ranges parse, …) are sizeProblems / layoutProblems /
 * parseImageId, run after parsing so that their field paths line up with these shapes.
 *
 * Operator-written objects are strict: a misspelt key ("identifer") must fail loudly rather
 * than be dropped, since a dropped identifier makes a size count every CPU. Length and count
 * limits only bound payload size; they are far above anything real.
 */

const count = z.int().min(0);
const device = text().min(1).max(128);
const option = text().min(1).max(256);
const options = z.array(option).max(32);

export const sizeConstraintSchema = z.strictObject({
  type: z.enum(SIZE_CONSTRAINT_TYPES),
  min: count,
  max: count,
  identifier: text().min(1).max(MAX_GLOB_LENGTH).optional(),
});

export const sizeDefSchema = z.strictObject({
  id: text().min(1).max(128),
  constraints: z.array(sizeConstraintSchema).max(32),
});

/** Reported by machine agents: unknown keys are stripped so that newer agents stay compatible. */
export const hardwareSchema = z.object({
  cpus: z.array(z.object({ model: text().max(256), cores: count, threads: count.optional() })).max(64),
  memoryBytes: count,
  disks: z.array(z.object({ name: text().min(1).max(256), sizeBytes: count })).max(512),
  gpus: z.array(z.object({ model: text().max(256), vendor: text().max(256).optional() })).max(64),
});

/** "<os>-<major>[.<minor>[.<patch>]]"; whether the patch is a real date is parseImageId's job. */
export const imageIdSchema = text()
  .max(MAX_IMAGE_ID_LENGTH)
  .regex(/^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*-[0-9]+(\.[0-9]+){0,2}$/, "must look like ubuntu-24.04.20260101 or firewall-ubuntu-3.0.20260101");

export const versionRangeSchema = text().min(1).max(MAX_RANGE_LENGTH);

export const layoutPartitionSchema = z.strictObject({
  number: z.int().min(1).max(128),
  label: text().min(1).max(36),
  sizeMiB: count,
  gptType: text().max(4).regex(/^[0-9a-f]{4}$/, "must be a 4-digit sgdisk type code such as 8300").optional(),
});

export const layoutDiskSchema = z.strictObject({
  device,
  wipeOnReinstall: z.boolean().default(false),
  partitions: z.array(layoutPartitionSchema).max(128),
});

export const layoutRaidSchema = z.strictObject({
  name: device,
  level: z.enum(["0", "1"]),
  devices: z.array(device).max(64),
  createOptions: options.optional(),
});

export const layoutVolumeGroupSchema = z.strictObject({
  name: text().min(1).max(127),
  devices: z.array(device).max(64),
});

export const layoutLogicalVolumeSchema = z.strictObject({
  name: text().min(1).max(127),
  volumeGroup: text().min(1).max(127),
  sizeMiB: count,
  lvmType: z.enum(["linear", "striped", "raid1"]),
});

export const layoutFilesystemSchema = z.strictObject({
  path: text().min(1).max(255).optional(),
  device,
  format: z.enum(["vfat", "ext3", "ext4", "swap", "tmpfs", "none"]),
  label: text().max(64).optional(),
  mountOptions: options.optional(),
  createOptions: options.optional(),
});

export const layoutConstraintsSchema = z.strictObject({
  sizes: z.array(text().min(1).max(128)).max(256),
  images: boundedRecord(text().min(1).max(64), versionRangeSchema),
});

export const filesystemLayoutSchema = z.strictObject({
  disks: z.array(layoutDiskSchema).max(64),
  raid: z.array(layoutRaidSchema).max(64).default([]),
  volumeGroups: z.array(layoutVolumeGroupSchema).max(64).default([]),
  logicalVolumes: z.array(layoutLogicalVolumeSchema).max(256).default([]),
  filesystems: z.array(layoutFilesystemSchema).max(256),
  constraints: layoutConstraintsSchema,
});

export type SizeConstraintInput = z.input<typeof sizeConstraintSchema>;
export type FilesystemLayoutInput = z.input<typeof filesystemLayoutSchema>;

import { z } from "zod";
import { boundedRecord, text, textCheck } from "@/lib/domain/text";
import {
  filesystemLayoutSchema,
  hardwareSchema,
  imageIdSchema,
  layoutConstraintsSchema,
  sizeConstraintSchema,
  versionRangeSchema,
} from "@/lib/domain/catalog/schemas";
import { ipString, prefixString } from "@/lib/domain/ipam/schemas";
import { paginationQuery } from "@/lib/http/pagination";
import { description, labelsSchema, resourceName } from "./common";

/** Operator catalog contracts: partitions, sizes, images, filesystem layouts, reservations. */
const labels = labelsSchema.default({});
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048).check(textCheck);
const displayName = text().trim().max(100).default("");
const stamps = { createdAt: text(), updatedAt: text() };
export const catalogListQuery = paginationQuery.extend({ q: text().trim().max(100).optional() });

// ── Partitions ───────────────────────────────────────────────────────────────
export const bootConfigSchema = z.strictObject({
  kernelUrl: httpUrl,
  initrdUrl: httpUrl,
  commandLine: text().max(2048).default(""),
});
const hostname = text().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i, "must be an IP address or a hostname").max(253);

export const createPartitionInput = z.strictObject({
  id: resourceName,
  name: displayName,
  description: description.default(""),
  bootConfig: bootConfigSchema,
  /** host:port of the partition's management service (switch/BMC agents reach it). */
  mgmtServiceAddress: text().max(255).regex(/^[A-Za-z0-9.:[\]-]+:\d{1,5}$/, "must be host:port").or(z.literal("")).default(""),
  dnsServers: z.array(ipString).max(3).default([]),
  ntpServers: z.array(z.union([ipString, hostname])).max(5).default([]),
  labels,
  /** Where machines boot from: other sources get 403 for the iPXE script and registration; empty = anywhere. */
  bootNetworks: z.array(prefixString).max(64).default([]),
  /** Where the BMCs are: a BMC address outside is not contacted until an operator approves it; empty = none. */
  bmcNetworks: z.array(prefixString).max(64).default([]),
  /** The firmware boot mode of its machines (BMC boot overrides), unless a machine's BMC settings say otherwise. */
  bootMode: z.enum(["uefi", "legacy"]).default("uefi"),
});
export type CreatePartitionInput = z.infer<typeof createPartitionInput>;
export const updatePartitionInput = z.strictObject({
  name: text().trim().max(100).optional(),
  description: description.optional(),
  bootConfig: bootConfigSchema.optional(),
  mgmtServiceAddress: createPartitionInput.shape.mgmtServiceAddress.optional(),
  dnsServers: z.array(ipString).max(3).optional(),
  ntpServers: z.array(z.union([ipString, hostname])).max(5).optional(),
  labels: labelsSchema.optional(),
  bootNetworks: createPartitionInput.shape.bootNetworks.unwrap().optional(),
  bmcNetworks: createPartitionInput.shape.bmcNetworks.unwrap().optional(),
  bootMode: createPartitionInput.shape.bootMode.unwrap().optional(),
});
export type UpdatePartitionInput = z.infer<typeof updatePartitionInput>;
export const partitionDto = createPartitionInput.extend({ bootConfig: z.object({ kernelUrl: text(), initrdUrl: text(), commandLine: text() }), ...stamps });
export type PartitionDto = z.infer<typeof partitionDto>;

export const sizeCapacityDto = z.object({
  sizeId: text(),
  total: z.number(),
  allocated: z.number(),
  /** Free and allocatable now: unallocated, AVAILABLE, Alive, Waiting, not faulty. */
  waiting: z.number(),
  /** Held back by size reservations not yet used by their projects. */
  reserved: z.number(),
  /** waiting − reserved (never below 0): what a project without a reservation can get. */
  free: z.number(),
  /** Locked, tainted or dead/unknown unallocated machines. Never counted as free. */
  unavailable: z.number(),
  /** Crash loop or failed reclaim. */
  faulty: z.number(),
  /** Unallocated machines in a transitional state (booting, registering, being reclaimed). */
  other: z.number(),
});
export const partitionCapacityDto = z.object({ partitionId: text(), sizes: z.array(sizeCapacityDto) });
export type PartitionCapacityDto = z.infer<typeof partitionCapacityDto>;

// ── Sizes ────────────────────────────────────────────────────────────────────
export const createSizeInput = z.strictObject({
  id: resourceName,
  name: displayName,
  description: description.default(""),
  constraints: z.array(sizeConstraintSchema).min(1, "a size needs at least one constraint").max(32),
  labels,
});
export type CreateSizeInput = z.infer<typeof createSizeInput>;
export const updateSizeInput = z.strictObject({
  name: text().trim().max(100).optional(),
  description: description.optional(),
  constraints: createSizeInput.shape.constraints.optional(),
  labels: labelsSchema.optional(),
});
export type UpdateSizeInput = z.infer<typeof updateSizeInput>;
export const sizeDto = createSizeInput.extend({ ...stamps });
export type SizeDto = z.infer<typeof sizeDto>;
export const suggestSizeInput = z.strictObject({ hardware: hardwareSchema });
export const sizeSuggestionDto = z.object({
  /** The existing size this hardware matches, if exactly one does. */
  match: z.object({ kind: z.enum(["match", "unknown"]), sizeId: text().optional(), reason: text().optional(), candidates: z.array(text()).optional() }),
  /** Constraints that describe exactly this hardware, to start a new size from. */
  constraints: z.array(sizeConstraintSchema),
});

// ── Images ───────────────────────────────────────────────────────────────────
export const imageFeature = z.enum(["machine", "firewall"]);
export const imageClassification = z.enum(["preview", "supported", "deprecated"]);
export const createImageInput = z.strictObject({
  id: imageIdSchema,
  name: displayName,
  description: description.default(""),
  url: httpUrl,
  sha256: text().max(64).regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits"),
  features: z.array(imageFeature).min(1, "choose machine, firewall or both").max(2),
  classification: imageClassification.default("preview"),
  expiresAt: z.coerce.date().nullable().default(null),
});
export type CreateImageInput = z.infer<typeof createImageInput>;
export const updateImageInput = z.strictObject({
  name: text().trim().max(100).optional(),
  description: description.optional(),
  url: httpUrl.optional(),
  sha256: createImageInput.shape.sha256.optional(),
  features: createImageInput.shape.features.optional(),
  classification: imageClassification.optional(),
  expiresAt: z.coerce.date().nullable().optional(),
});
export type UpdateImageInput = z.infer<typeof updateImageInput>;
export const imageDto = z.object({
  id: text(), os: text(), version: text(), name: text(), description: text(), url: text(), sha256: text(),
  features: z.array(imageFeature), classification: imageClassification, expiresAt: text().nullable(), expired: z.boolean(), ...stamps,
});
export type ImageDto = z.infer<typeof imageDto>;
export const listImagesQuery = catalogListQuery.extend({
  os: text().max(64).optional(),
  /** "ubuntu-24.04" → only the image that resolves (newest matching patch); a full id → exact. */
  resolve: text().max(128).optional(),
  feature: imageFeature.optional(),
});

// ── Filesystem layouts ───────────────────────────────────────────────────────
export const createFilesystemLayoutInput = filesystemLayoutSchema.extend({
  id: resourceName,
  name: displayName,
  description: description.default(""),
});
export type CreateFilesystemLayoutInput = z.infer<typeof createFilesystemLayoutInput>;
export const updateFilesystemLayoutInput = createFilesystemLayoutInput.omit({ id: true });
export type UpdateFilesystemLayoutInput = z.infer<typeof updateFilesystemLayoutInput>;
export const filesystemLayoutDto = z.object({ id: text(), name: text(), description: text() })
  .extend(filesystemLayoutSchema.shape).extend({ ...stamps });
export type FilesystemLayoutDto = z.infer<typeof filesystemLayoutDto>;
export const tryLayoutInput = z.strictObject({ size: text().min(1).max(100), image: text().min(1).max(100) });
export const tryLayoutDto = z.object({
  layoutId: text().nullable(),
  /** The image the (possibly partial) image id resolved to. */
  imageId: text().optional(),
  /** Why no layout was chosen: "none" match, or "ambiguous" (several, listed in candidates). */
  reason: text().optional(),
  candidates: z.array(text()).optional(),
});

// ── Size reservations and size–image constraints ─────────────────────────────
export const createSizeReservationInput = z.strictObject({
  sizeId: text().min(1).max(100),
  projectId: text().min(1).max(100),
  partitionIds: z.array(text().min(1).max(100)).min(1, "name at least one partition").max(64),
  amount: z.int().min(1, "must be at least 1").max(100_000),
  description: description.default(""),
});
export type CreateSizeReservationInput = z.infer<typeof createSizeReservationInput>;
export const updateSizeReservationInput = z.strictObject({
  partitionIds: createSizeReservationInput.shape.partitionIds.optional(),
  amount: createSizeReservationInput.shape.amount.optional(),
  description: description.optional(),
});
export const sizeReservationDto = createSizeReservationInput.extend({ id: text(), tenantId: text(), ...stamps });
export type SizeReservationDto = z.infer<typeof sizeReservationDto>;

export const putSizeImageConstraintInput = z.strictObject({ images: boundedRecord(text().min(1).max(64), versionRangeSchema) });
export const sizeImageConstraintDto = z.object({ sizeId: text(), images: z.record(text(), text()), ...stamps });
export type SizeImageConstraintDto = z.infer<typeof sizeImageConstraintDto>;
export { layoutConstraintsSchema };

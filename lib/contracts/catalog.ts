import { z } from "zod";
import {
  filesystemLayoutSchema,
  hardwareSchema,
  imageIdSchema,
  layoutConstraintsSchema,
  sizeConstraintSchema,
  versionRangeSchema,
} from "@/lib/domain/catalog/schemas";
import { ipString } from "@/lib/domain/ipam/schemas";
import { paginationQuery } from "@/lib/http/pagination";
import { description, resourceName } from "./common";

/** Operator catalog contracts: partitions, sizes, images, filesystem layouts, reservations. */
const labels = z.record(z.string().min(1).max(63), z.string().max(255)).default({});
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const displayName = z.string().trim().max(100).default("");
const stamps = { createdAt: z.string(), updatedAt: z.string() };
export const catalogListQuery = paginationQuery.extend({ q: z.string().trim().max(100).optional() });

// ── Partitions ───────────────────────────────────────────────────────────────
export const bootConfigSchema = z.strictObject({
  kernelUrl: httpUrl,
  initrdUrl: httpUrl,
  commandLine: z.string().max(2048).default(""),
});
const hostname = z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i, "must be an IP address or a hostname").max(253);

export const createPartitionInput = z.strictObject({
  id: resourceName,
  name: displayName,
  description: description.default(""),
  bootConfig: bootConfigSchema,
  /** host:port of the partition's management service (switch/BMC agents reach it). */
  mgmtServiceAddress: z.string().regex(/^[A-Za-z0-9.:[\]-]+:\d{1,5}$/, "must be host:port").or(z.literal("")).default(""),
  dnsServers: z.array(ipString).max(3).default([]),
  ntpServers: z.array(z.union([ipString, hostname])).max(5).default([]),
  labels,
});
export type CreatePartitionInput = z.infer<typeof createPartitionInput>;
export const updatePartitionInput = z.strictObject({
  name: z.string().trim().max(100).optional(),
  description: description.optional(),
  bootConfig: bootConfigSchema.optional(),
  mgmtServiceAddress: createPartitionInput.shape.mgmtServiceAddress.optional(),
  dnsServers: z.array(ipString).max(3).optional(),
  ntpServers: z.array(z.union([ipString, hostname])).max(5).optional(),
  labels: z.record(z.string().min(1).max(63), z.string().max(255)).optional(),
});
export type UpdatePartitionInput = z.infer<typeof updatePartitionInput>;
export const partitionDto = createPartitionInput.extend({ bootConfig: z.object({ kernelUrl: z.string(), initrdUrl: z.string(), commandLine: z.string() }), ...stamps });
export type PartitionDto = z.infer<typeof partitionDto>;

export const sizeCapacityDto = z.object({
  sizeId: z.string(),
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
export const partitionCapacityDto = z.object({ partitionId: z.string(), sizes: z.array(sizeCapacityDto) });
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
  name: z.string().trim().max(100).optional(),
  description: description.optional(),
  constraints: createSizeInput.shape.constraints.optional(),
  labels: z.record(z.string().min(1).max(63), z.string().max(255)).optional(),
});
export type UpdateSizeInput = z.infer<typeof updateSizeInput>;
export const sizeDto = createSizeInput.extend({ ...stamps });
export type SizeDto = z.infer<typeof sizeDto>;
export const suggestSizeInput = z.strictObject({ hardware: hardwareSchema });
export const sizeSuggestionDto = z.object({
  /** The existing size this hardware matches, if exactly one does. */
  match: z.object({ kind: z.enum(["match", "unknown"]), sizeId: z.string().optional(), reason: z.string().optional(), candidates: z.array(z.string()).optional() }),
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
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits"),
  features: z.array(imageFeature).min(1, "choose machine, firewall or both").max(2),
  classification: imageClassification.default("preview"),
  expiresAt: z.coerce.date().nullable().default(null),
});
export type CreateImageInput = z.infer<typeof createImageInput>;
export const updateImageInput = z.strictObject({
  name: z.string().trim().max(100).optional(),
  description: description.optional(),
  url: httpUrl.optional(),
  sha256: createImageInput.shape.sha256.optional(),
  features: createImageInput.shape.features.optional(),
  classification: imageClassification.optional(),
  expiresAt: z.coerce.date().nullable().optional(),
});
export type UpdateImageInput = z.infer<typeof updateImageInput>;
export const imageDto = z.object({
  id: z.string(), os: z.string(), version: z.string(), name: z.string(), description: z.string(), url: z.string(), sha256: z.string(),
  features: z.array(imageFeature), classification: imageClassification, expiresAt: z.string().nullable(), expired: z.boolean(), ...stamps,
});
export type ImageDto = z.infer<typeof imageDto>;
export const listImagesQuery = catalogListQuery.extend({
  os: z.string().max(64).optional(),
  /** "ubuntu-24.04" → only the image that resolves (newest matching patch); a full id → exact. */
  resolve: z.string().max(128).optional(),
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
export const filesystemLayoutDto = z.object({ id: z.string(), name: z.string(), description: z.string() })
  .extend(filesystemLayoutSchema.shape).extend({ ...stamps });
export type FilesystemLayoutDto = z.infer<typeof filesystemLayoutDto>;
export const tryLayoutInput = z.strictObject({ size: z.string().min(1), image: z.string().min(1) });
export const tryLayoutDto = z.object({
  layoutId: z.string().nullable(),
  /** The image the (possibly partial) image id resolved to. */
  imageId: z.string().optional(),
  /** Why no layout was chosen: "none" match, or "ambiguous" (several, listed in candidates). */
  reason: z.string().optional(),
  candidates: z.array(z.string()).optional(),
});

// ── Size reservations and size–image constraints ─────────────────────────────
export const createSizeReservationInput = z.strictObject({
  sizeId: z.string().min(1),
  projectId: z.string().min(1),
  partitionIds: z.array(z.string().min(1)).min(1, "name at least one partition").max(64),
  amount: z.int().min(1, "must be at least 1").max(100_000),
  description: description.default(""),
});
export type CreateSizeReservationInput = z.infer<typeof createSizeReservationInput>;
export const updateSizeReservationInput = z.strictObject({
  partitionIds: createSizeReservationInput.shape.partitionIds.optional(),
  amount: createSizeReservationInput.shape.amount.optional(),
  description: description.optional(),
});
export const sizeReservationDto = createSizeReservationInput.extend({ id: z.string(), tenantId: z.string(), ...stamps });
export type SizeReservationDto = z.infer<typeof sizeReservationDto>;

export const putSizeImageConstraintInput = z.strictObject({ images: z.record(z.string().min(1).max(64), versionRangeSchema) });
export const sizeImageConstraintDto = z.object({ sizeId: z.string(), images: z.record(z.string(), z.string()), ...stamps });
export type SizeImageConstraintDto = z.infer<typeof sizeImageConstraintDto>;
export { layoutConstraintsSchema };

import { z } from "zod";
import { text } from "@/lib/domain/text";
import { prefixString, ipString } from "@/lib/domain/ipam/schemas";
import { paginationQuery, sortParams } from "@/lib/http/pagination";
import { description, labelsSchema, tagsSchema } from "./common";

/** Networks and IP addresses: contracts shared by the API, the forms and the tests. */
export const networkKinds = ["underlay", "super", "super-namespaced", "private", "private-shared", "external"] as const;
export const networkKind = z.enum(networkKinds);
export const adminNetworkKinds = ["underlay", "super", "super-namespaced", "external"] as const;

const labels = labelsSchema;
const childLengths = z.strictObject({ ipv4: z.int().min(8).max(30).optional(), ipv6: z.int().min(16).max(126).optional() });
const networkName = text().trim().min(1, "is required").max(100);

/** Tenants create private networks: the prefix comes from the partition's super network. */
export const createPrivateNetworkInput = z.strictObject({
  kind: z.enum(["private", "private-shared"]),
  projectId: text().min(1, "is required").max(100),
  partitionId: text().min(1, "is required").max(100),
  name: networkName,
  description: description.default(""),
  /** A child prefix length other than the super network's default, within its limits. */
  childPrefixLength: childLengths.optional(),
  labels: labels.default({}),
});

/** Operators create the infrastructure networks with explicit prefixes. */
export const createAdminNetworkInput = z.strictObject({
  kind: z.enum(adminNetworkKinds),
  id: text().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "use lowercase letters, digits and dashes").max(63).optional(),
  name: networkName,
  description: description.default(""),
  partitionId: text().min(1).max(100).optional(),
  prefixes: z.array(prefixString).min(1, "give at least one prefix").max(8),
  destinationPrefixes: z.array(prefixString).max(32).default([]),
  defaultChildPrefixLength: childLengths.default({}),
  minChildPrefixLength: childLengths.default({}),
  vrf: z.int().min(1).max(131_072).optional(),
  nat: z.enum(["none", "ipv4-masq"]).default("none"),
  /** External networks: which projects may take IPs; null or absent = every project. */
  allowedProjectIds: z.array(text().min(1).max(100)).max(1000).nullable().default(null),
  labels: labels.default({}),
});

export const createNetworkInput = z.discriminatedUnion("kind", [createPrivateNetworkInput, createAdminNetworkInput]);
export type CreatePrivateNetworkInput = z.infer<typeof createPrivateNetworkInput>;
export type CreateAdminNetworkInput = z.infer<typeof createAdminNetworkInput>;
export type CreateNetworkInput = z.infer<typeof createNetworkInput>;

export function isPrivateNetworkInput(i: CreateNetworkInput): i is CreatePrivateNetworkInput {
  return i.kind === "private" || i.kind === "private-shared";
}

export const updateNetworkInput = z.strictObject({
  name: networkName.optional(),
  description: description.optional(),
  labels: labels.optional(),
  destinationPrefixes: z.array(prefixString).max(32).optional(),
  nat: z.enum(["none", "ipv4-masq"]).optional(),
  allowedProjectIds: z.array(text().min(1).max(100)).max(1000).nullable().optional(),
});
export type UpdateNetworkInput = z.infer<typeof updateNetworkInput>;

export const NETWORK_SORTS = ["name", "partition", "kind", "created"] as const;
export const listNetworksQuery = paginationQuery.extend({
  projectId: text().max(100).optional(),
  partitionId: text().max(100).optional(),
  kind: networkKind.optional(),
  q: text().trim().max(100).optional(),
  ...sortParams(NETWORK_SORTS),
});
export type ListNetworksQuery = z.infer<typeof listNetworksQuery>;

export const prefixUsageDto = z.object({
  cidr: text(),
  family: z.union([z.literal(4), z.literal(6)]),
  acquiredIps: z.number(),
  /** Free usable addresses, as a decimal string (IPv6 counts exceed 2^53). */
  freeIps: text(),
  childPrefixes: z.number(),
  /** Free address space (for super networks: what is left to cut child prefixes from), decimal string. */
  freeAddresses: text(),
});
export const networkDto = z.object({
  id: text(),
  name: text(),
  description: text(),
  kind: networkKind,
  partitionId: text().nullable(),
  projectId: text().nullable(),
  parentNetworkId: text().nullable(),
  prefixes: z.array(prefixUsageDto),
  destinationPrefixes: z.array(text()),
  defaultChildPrefixLength: childLengths,
  minChildPrefixLength: childLengths,
  vrf: z.number().nullable(),
  nat: z.enum(["none", "ipv4-masq"]),
  allowedProjectIds: z.array(text()).nullable(),
  labels: z.record(text(), text()),
  createdAt: text(),
  updatedAt: text(),
});
export type NetworkDto = z.infer<typeof networkDto>;

// ── IPs ─────────────────────────────────────────────────────────────────────
export const acquireIpInput = z.strictObject({
  networkId: text().min(1, "is required").max(100),
  projectId: text().min(1, "is required").max(100),
  /** A specific address; otherwise the next free one. */
  address: ipString.optional(),
  family: z.union([z.literal(4), z.literal(6)]).optional(),
  kind: z.enum(["ephemeral", "static"]).default("ephemeral"),
  name: text().trim().max(100).default(""),
  description: description.default(""),
  tags: tagsSchema.default([]),
});
export type AcquireIpInput = z.infer<typeof acquireIpInput>;

/** An ephemeral IP can be made static (kept when its machine is freed); not the other way round. */
export const updateIpInput = z.strictObject({
  name: text().trim().max(100).optional(),
  description: description.optional(),
  tags: tagsSchema.optional(),
  kind: z.literal("static").optional(),
});
export type UpdateIpInput = z.infer<typeof updateIpInput>;

export const IP_SORTS = ["address", "name", "kind", "created"] as const;
export const listIpsQuery = paginationQuery.extend({
  projectId: text().max(100).optional(),
  networkId: text().max(100).optional(),
  kind: z.enum(["ephemeral", "static"]).optional(),
  q: text().trim().max(100).optional(),
  ...sortParams(IP_SORTS),
});
export type ListIpsQuery = z.infer<typeof listIpsQuery>;

export const ipDto = z.object({
  id: text(),
  address: text(),
  family: z.union([z.literal(4), z.literal(6)]),
  networkId: text(),
  projectId: text(),
  kind: z.enum(["ephemeral", "static"]),
  machineId: text().nullable(),
  name: text(),
  description: text(),
  tags: z.array(text()),
  createdAt: text(),
  updatedAt: text(),
});
export type IpDto = z.infer<typeof ipDto>;

import { z } from "zod";
import { prefixString, ipString } from "@/lib/domain/ipam/schemas";
import { paginationQuery } from "@/lib/http/pagination";
import { description } from "./common";

/** Networks and IP addresses: contracts shared by the API, the forms and the tests. */
export const networkKinds = ["underlay", "super", "super-namespaced", "private", "private-shared", "external"] as const;
export const networkKind = z.enum(networkKinds);
export const adminNetworkKinds = ["underlay", "super", "super-namespaced", "external"] as const;

const labels = z.record(z.string().min(1).max(63), z.string().max(255));
const childLengths = z.strictObject({ ipv4: z.int().min(8).max(30).optional(), ipv6: z.int().min(16).max(126).optional() });
const networkName = z.string().trim().min(1, "is required").max(100);

/** Tenants create private networks: the prefix comes from the partition's super network. */
export const createPrivateNetworkInput = z.strictObject({
  kind: z.enum(["private", "private-shared"]),
  projectId: z.string().min(1, "is required"),
  partitionId: z.string().min(1, "is required"),
  name: networkName,
  description: description.default(""),
  /** A child prefix length other than the super network's default, within its limits. */
  childPrefixLength: childLengths.optional(),
  labels: labels.default({}),
});

/** Operators create the infrastructure networks with explicit prefixes. */
export const createAdminNetworkInput = z.strictObject({
  kind: z.enum(adminNetworkKinds),
  id: z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "use lowercase letters, digits and dashes").max(63).optional(),
  name: networkName,
  description: description.default(""),
  partitionId: z.string().min(1).optional(),
  prefixes: z.array(prefixString).min(1, "give at least one prefix").max(8),
  destinationPrefixes: z.array(prefixString).max(32).default([]),
  defaultChildPrefixLength: childLengths.default({}),
  minChildPrefixLength: childLengths.default({}),
  vrf: z.int().min(1).max(131_072).optional(),
  nat: z.enum(["none", "ipv4-masq"]).default("none"),
  /** External networks: which projects may take IPs; null or absent = every project. */
  allowedProjectIds: z.array(z.string().min(1)).max(1000).nullable().default(null),
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
  allowedProjectIds: z.array(z.string().min(1)).max(1000).nullable().optional(),
});
export type UpdateNetworkInput = z.infer<typeof updateNetworkInput>;

export const listNetworksQuery = paginationQuery.extend({
  projectId: z.string().max(100).optional(),
  partitionId: z.string().max(100).optional(),
  kind: networkKind.optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListNetworksQuery = z.infer<typeof listNetworksQuery>;

export const prefixUsageDto = z.object({
  cidr: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
  acquiredIps: z.number(),
  /** Free usable addresses, as a decimal string (IPv6 counts exceed 2^53). */
  freeIps: z.string(),
  childPrefixes: z.number(),
  /** Free address space (for super networks: what is left to cut child prefixes from), decimal string. */
  freeAddresses: z.string(),
});
export const networkDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: networkKind,
  partitionId: z.string().nullable(),
  projectId: z.string().nullable(),
  parentNetworkId: z.string().nullable(),
  prefixes: z.array(prefixUsageDto),
  destinationPrefixes: z.array(z.string()),
  defaultChildPrefixLength: childLengths,
  minChildPrefixLength: childLengths,
  vrf: z.number().nullable(),
  nat: z.enum(["none", "ipv4-masq"]),
  allowedProjectIds: z.array(z.string()).nullable(),
  labels: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NetworkDto = z.infer<typeof networkDto>;

// ── IPs ─────────────────────────────────────────────────────────────────────
export const acquireIpInput = z.strictObject({
  networkId: z.string().min(1, "is required"),
  projectId: z.string().min(1, "is required"),
  /** A specific address; otherwise the next free one. */
  address: ipString.optional(),
  family: z.union([z.literal(4), z.literal(6)]).optional(),
  kind: z.enum(["ephemeral", "static"]).default("ephemeral"),
  name: z.string().trim().max(100).default(""),
  description: description.default(""),
  tags: z.array(z.string().min(1).max(100)).max(50).default([]),
});
export type AcquireIpInput = z.infer<typeof acquireIpInput>;

/** An ephemeral IP can be made static (kept when its machine is freed); not the other way round. */
export const updateIpInput = z.strictObject({
  name: z.string().trim().max(100).optional(),
  description: description.optional(),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
  kind: z.literal("static").optional(),
});
export type UpdateIpInput = z.infer<typeof updateIpInput>;

export const listIpsQuery = paginationQuery.extend({
  projectId: z.string().max(100).optional(),
  networkId: z.string().max(100).optional(),
  kind: z.enum(["ephemeral", "static"]).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListIpsQuery = z.infer<typeof listIpsQuery>;

export const ipDto = z.object({
  id: z.string(),
  address: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
  networkId: z.string(),
  projectId: z.string(),
  kind: z.enum(["ephemeral", "static"]),
  machineId: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IpDto = z.infer<typeof ipDto>;

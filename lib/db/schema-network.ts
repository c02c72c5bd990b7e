import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { partitions } from "./schema-catalog";
import { projects } from "./schema";

/**
 * IPAM state. Addresses are numeric(39) (IPv6 needs 128 bits). Free space is kept as an index of
 * free ranges per prefix ("gap index"), so taking the next free address or child prefix is one
 * index probe instead of a scan of every used address.
 */
const addr = (name: string) => numeric(name, { precision: 39, scale: 0 });

export const ipamPrefixes = pgTable("ipam_prefixes", {
  id: text("id").primaryKey(),
  /** Namespaces isolate overlapping prefix sets (e.g. per project under a namespaced super network). */
  namespace: text("namespace").notNull().default(""),
  cidr: text("cidr").notNull(),
  family: smallint("family").notNull(),
  network: addr("network").notNull(),
  lastAddress: addr("last_address").notNull(),
  length: smallint("length").notNull(),
  parentId: text("parent_id"),
  /** new → the first use decides: "ips" (hands out addresses) or "children" (hands out prefixes). */
  mode: text("mode").$type<"new" | "ips" | "children">().notNull().default("new"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex("ipam_prefixes_ns_cidr_key").on(t.namespace, t.cidr),
  index("ipam_prefixes_parent_idx").on(t.parentId),
  index("ipam_prefixes_ns_range_idx").on(t.namespace, t.family, t.network),
]);

export const ipamFreeRanges = pgTable("ipam_free_ranges", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  prefixId: text("prefix_id").notNull().references(() => ipamPrefixes.id, { onDelete: "cascade" }),
  start: addr("start").notNull(),
  end: addr("end").notNull(),
}, (t) => [index("ipam_free_ranges_prefix_start_idx").on(t.prefixId, t.start), check("ipam_free_ranges_order", sql`${t.start} <= ${t.end}`)]);

export const ipamIps = pgTable("ipam_ips", {
  prefixId: text("prefix_id").notNull().references(() => ipamPrefixes.id, { onDelete: "restrict" }),
  address: addr("address").notNull(),
}, (t) => [primaryKey({ columns: [t.prefixId, t.address] })]);

/** Used values of integer pools (VNIs for private networks, ASNs for machines). */
export const poolValues = pgTable("pool_values", {
  pool: text("pool").notNull(),
  value: integer("value").notNull(),
  owner: text("owner").notNull(),
}, (t) => [primaryKey({ columns: [t.pool, t.value] })]);

export type NetworkKind = "underlay" | "super" | "super-namespaced" | "private" | "private-shared" | "external";
export type ChildLengths = { ipv4?: number; ipv6?: number };

export const networks = pgTable("networks", {
  id: text("id").primaryKey(),
  name: text("name").notNull().default(""),
  description: text("description").notNull().default(""),
  kind: text("kind").$type<NetworkKind>().notNull(),
  partitionId: text("partition_id").references(() => partitions.id, { onDelete: "restrict" }),
  projectId: text("project_id").references(() => projects.id, { onDelete: "restrict" }),
  parentNetworkId: text("parent_network_id"),
  vrf: integer("vrf"),
  nat: text("nat").$type<"none" | "ipv4-masq">().notNull().default("none"),
  destinationPrefixes: jsonb("destination_prefixes").$type<string[]>().notNull().default([]),
  defaultChildPrefixLength: jsonb("default_child_prefix_length").$type<ChildLengths>().notNull().default({}),
  minChildPrefixLength: jsonb("min_child_prefix_length").$type<ChildLengths>().notNull().default({}),
  /** External networks: projects allowed to take IPs (null = every project). */
  allowedProjectIds: jsonb("allowed_project_ids").$type<string[] | null>(),
  labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
  /** Super networks: further prefixes their children's machines may announce (the leaves' inbound filter). */
  additionalAnnounceablePrefixes: jsonb("additional_announceable_prefixes").$type<string[]>().notNull().default([]),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index("networks_project_idx").on(t.projectId),
  index("networks_partition_kind_idx").on(t.partitionId, t.kind),
  uniqueIndex("networks_vrf_key").on(t.vrf),
  // At most one super network (plain or namespaced) per partition.
  uniqueIndex("networks_one_super_per_partition").on(t.partitionId).where(sql`${t.kind} in ('super', 'super-namespaced')`),
]);

export const networkPrefixes = pgTable("network_prefixes", {
  networkId: text("network_id").notNull().references(() => networks.id, { onDelete: "cascade" }),
  ipamPrefixId: text("ipam_prefix_id").notNull().references(() => ipamPrefixes.id, { onDelete: "restrict" }),
  cidr: text("cidr").notNull(),
  family: smallint("family").notNull(),
}, (t) => [primaryKey({ columns: [t.networkId, t.ipamPrefixId] })]);

export const ips = pgTable("ips", {
  id: text("id").primaryKey(),
  address: text("address").notNull(),
  family: smallint("family").notNull(),
  networkId: text("network_id").notNull().references(() => networks.id, { onDelete: "restrict" }),
  ipamPrefixId: text("ipam_prefix_id").notNull(),
  projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  kind: text("kind").$type<"ephemeral" | "static">().notNull().default("ephemeral"),
  machineId: text("machine_id"),
  name: text("name").notNull().default(""),
  description: text("description").notNull().default(""),
  tags: jsonb("tags").$type<string[]>().notNull().default([]),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex("ips_prefix_address_key").on(t.ipamPrefixId, t.address),
  index("ips_project_idx").on(t.projectId),
  index("ips_network_idx").on(t.networkId),
]);

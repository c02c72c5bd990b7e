import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { FilesystemLayoutInput, SizeConstraint } from "@/lib/domain/catalog";
import { projects } from "./schema";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export type BootConfig = { kernelUrl: string; initrdUrl: string; commandLine: string };

/** A failure domain / data-centre room. Ids are operator-chosen names (e.g. "fra-equ01"). */
export const partitions = pgTable("partitions", {
  id: text("id").primaryKey(),
  name: text("name").notNull().default(""),
  description: text("description").notNull().default(""),
  bootConfig: jsonb("boot_config").$type<BootConfig>().notNull(),
  mgmtServiceAddress: text("mgmt_service_address").notNull().default(""),
  dnsServers: jsonb("dns_servers").$type<string[]>().notNull().default([]),
  ntpServers: jsonb("ntp_servers").$type<string[]>().notNull().default([]),
  labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
  /** CIDRs machines boot from: the iPXE script and registration answer 403 to other sources; empty = any. */
  bootNetworks: jsonb("boot_networks").$type<string[]>().notNull().default([]),
  /** CIDRs the partition's BMCs live in: a BMC address outside is stored but never contacted
   *  until an operator approves or corrects it; empty = no BMC is contacted without approval. */
  bmcNetworks: jsonb("bmc_networks").$type<string[]>().notNull().default([]),
  /** The firmware boot mode of the partition's machines unless a machine's BMC settings say otherwise. */
  bootMode: text("boot_mode").$type<"uefi" | "legacy">().notNull().default("uefi"),
  ...timestamps,
});

/** A hardware class (e.g. "c1-large-x86") defined by constraints on the machine's hardware. */
export const sizes = pgTable("sizes", {
  id: text("id").primaryKey(),
  name: text("name").notNull().default(""),
  description: text("description").notNull().default(""),
  constraints: jsonb("constraints").$type<SizeConstraint[]>().notNull(),
  labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
  ...timestamps,
});

/** An OS image; id "<os>-<major.minor.patch>", version kept normalised for semver ordering. */
export const images = pgTable("images", {
  id: text("id").primaryKey(),
  os: text("os").notNull(),
  version: text("version").notNull(),
  name: text("name").notNull().default(""),
  description: text("description").notNull().default(""),
  url: text("url").notNull(),
  sha256: text("sha256").notNull(),
  features: jsonb("features").$type<("machine" | "firewall")[]>().notNull(),
  classification: text("classification").$type<"preview" | "supported" | "deprecated">().notNull().default("preview"),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  ...timestamps,
}, (t) => [uniqueIndex("images_os_version_key").on(t.os, t.version), index("images_os_idx").on(t.os)]);

export type LayoutSpec = Omit<FilesystemLayoutInput, "constraints">;
export type LayoutConstraints = FilesystemLayoutInput["constraints"];

export const filesystemLayouts = pgTable("filesystem_layouts", {
  id: text("id").primaryKey(),
  name: text("name").notNull().default(""),
  description: text("description").notNull().default(""),
  spec: jsonb("spec").$type<LayoutSpec>().notNull(),
  constraints: jsonb("constraints").$type<LayoutConstraints>().notNull(),
  ...timestamps,
});

/** Capacity held back for one project: `amount` machines of a size in the listed partitions. */
export const sizeReservations = pgTable("size_reservations", {
  id: text("id").primaryKey(),
  sizeId: text("size_id").notNull().references(() => sizes.id, { onDelete: "restrict" }),
  projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  partitionIds: jsonb("partition_ids").$type<string[]>().notNull(),
  amount: integer("amount").notNull(),
  description: text("description").notNull().default(""),
  ...timestamps,
}, (t) => [index("size_reservations_size_idx").on(t.sizeId), check("size_reservations_amount_check", sql`${t.amount} > 0`)]);

/** Which image versions may be installed on a size: os → semver range. */
export const sizeImageConstraints = pgTable("size_image_constraints", {
  sizeId: text("size_id").primaryKey().references(() => sizes.id, { onDelete: "cascade" }),
  images: jsonb("images").$type<Record<string, string>>().notNull(),
  ...timestamps,
});

/**
 * Physical machines. The machine-lifecycle issue extends this table (hardware, BMC, events,
 * allocation details); the catalog needs what capacity counts are made of.
 */
export const machines = pgTable("machines", {
  id: text("id").primaryKey(),
  partitionId: text("partition_id").notNull().references(() => partitions.id, { onDelete: "restrict" }),
  sizeId: text("size_id").references(() => sizes.id, { onDelete: "restrict" }),
  rack: text("rack").notNull().default(""),
  hardware: jsonb("hardware").notNull().default({}),
  condition: text("condition").$type<"AVAILABLE" | "LOCKED" | "TAINTED">().notNull().default("AVAILABLE"),
  conditionReason: text("condition_reason").notNull().default(""),
  liveliness: text("liveliness").$type<"Alive" | "Dead" | "Unknown">().notNull().default("Unknown"),
  /** The last provisioning event's state (Waiting, Installing, Phoned Home, …). */
  provisioningState: text("provisioning_state").notNull().default("Initial"),
  crashLoop: boolean("crash_loop").notNull().default(false),
  failedReclaim: boolean("failed_reclaim").notNull().default(false),
  /** Why its LLDP neighbours do not bind it to two leaves of one rack (lib/domain/fabric/connections.ts); such a machine is not allocatable. */
  cablingIssue: text("cabling_issue"),
  projectId: text("project_id").references(() => projects.id, { onDelete: "restrict" }),
  imageId: text("image_id").references(() => images.id, { onDelete: "restrict" }),
  filesystemLayoutId: text("filesystem_layout_id").references(() => filesystemLayouts.id, { onDelete: "restrict" }),
  ...timestamps,
}, (t) => [
  index("machines_partition_size_idx").on(t.partitionId, t.sizeId),
  index("machines_project_idx").on(t.projectId),
]);

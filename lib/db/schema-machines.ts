import { sql } from "drizzle-orm";
import { bigint, boolean, index, jsonb, pgSequence, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { filesystemLayouts, images, machines, partitions } from "./schema-catalog";
import { projects } from "./schema";

/**
 * Machine lifecycle tables (issue 5). The `machines` row (schema-catalog.ts) keeps the columns
 * capacity queries filter on; these tables hold the provisioning history, the allocation and
 * the agent credentials.
 */
export const machineProvisioning = pgTable("machine_provisioning", {
  machineId: text("machine_id").primaryKey().references(() => machines.id, { onDelete: "cascade" }),
  /** The lifecycle container of lib/domain/lifecycle as JSON (events newest first, at most 100);
   *  read back through provisioningContainerSchema, which turns the times into Dates again. */
  container: jsonb("container").notNull(),
  lastEventTime: timestamp("last_event_time", { withTimezone: true }),
  failedReason: text("failed_reason"),
  /** Per-machine agent credential, issued at registration; only its sha256 is stored. */
  credentialHash: text("credential_hash"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("machine_provisioning_last_event_idx").on(t.lastEventTime), uniqueIndex("machine_provisioning_credential_key").on(t.credentialHash)]);

export type AllocationNetwork = { networkId: string; ipIds: string[]; addresses: string[]; vrf: number | null; primary: boolean };
export type BootInfo = { primaryDisk: string; osPartition: string; kernel: string; initrd: string; cmdline: string; bootloaderId: string };

/**
 * Names one install of one allocation: every allocation and every reinstall draws a new value.
 * The agent gets it with its install instructions and sends it back with every message about
 * that install (report, Installing, Booting New Kernel), so a message of an install that is no
 * longer the machine's (freed and allocated again, or reinstalled meanwhile) is refused instead
 * of being taken for the current one's.
 */
export const allocationGenerations = pgSequence("machine_allocation_generation");
export const nextAllocationGeneration = sql`nextval('machine_allocation_generation')`;

export const machineAllocations = pgTable("machine_allocations", {
  machineId: text("machine_id").primaryKey().references(() => machines.id, { onDelete: "cascade" }),
  projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  role: text("role").$type<"machine" | "firewall">().notNull().default("machine"),
  generation: bigint("generation", { mode: "number" }).notNull().default(nextAllocationGeneration),
  name: text("name").notNull().default(""),
  description: text("description").notNull().default(""),
  hostname: text("hostname").notNull(),
  imageId: text("image_id").notNull().references(() => images.id, { onDelete: "restrict" }),
  filesystemLayoutId: text("filesystem_layout_id").notNull().references(() => filesystemLayouts.id, { onDelete: "restrict" }),
  sshPublicKeys: jsonb("ssh_public_keys").$type<string[]>().notNull().default([]),
  userdata: text("userdata").notNull().default(""),
  networks: jsonb("networks").$type<AllocationNetwork[]>().notNull().default([]),
  /** 4210000000 + n: does not fit a 32-bit integer. */
  asn: bigint("asn", { mode: "number" }).notNull(),
  creator: text("creator").notNull().default(""),
  succeeded: boolean("succeeded").notNull().default(false),
  reinstall: boolean("reinstall").notNull().default(false),
  bootInfo: jsonb("boot_info").$type<BootInfo | null>(),
  /** Restored when a reinstall fails, so a failed reinstall never loses the working OS. */
  previousBootInfo: jsonb("previous_boot_info").$type<BootInfo | null>(),
  tags: jsonb("tags").$type<string[]>().notNull().default([]),
  allocatedAt: timestamp("allocated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("machine_allocations_project_idx").on(t.projectId)]);

/** Partition boot credentials: what PXE-booted agents present before they have their own. Rotatable. */
export const partitionBootCredentials = pgTable("partition_boot_credentials", {
  id: text("id").primaryKey(),
  partitionId: text("partition_id").notNull().references(() => partitions.id, { onDelete: "cascade" }),
  description: text("description").notNull().default(""),
  secretHash: text("secret_hash").notNull(),
  prefix: text("prefix").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
}, (t) => [index("partition_boot_credentials_partition_idx").on(t.partitionId), index("partition_boot_credentials_hash_idx").on(t.secretHash)]);

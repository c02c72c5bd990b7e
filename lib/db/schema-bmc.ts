import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { BmcInfo, BootMode } from "@/lib/bmc/driver";
import { machines } from "./schema-catalog";

/**
 * Out-of-band management (issue 6). One BMC per machine: how to reach it (the password only
 * encrypted, AES-256-GCM, see lib/bmc/secret-box.ts) and what the poller last read from it.
 * BMC commands are rows with a visible status, executed by workers one at a time per BMC.
 */
export const machineBmcs = pgTable("machine_bmcs", {
  machineId: text("machine_id").primaryKey().references(() => machines.id, { onDelete: "cascade" }),
  protocol: text("protocol").$type<"ipmi" | "redfish">().notNull(),
  address: text("address").notNull(),
  mac: text("mac").notNull().default(""),
  user: text("user").notNull().default(""),
  /** "v1:<iv>:<tag>:<ciphertext>" (base64url), bound to the machine id; never selected for a DTO. */
  passwordEnc: text("password_enc").notNull().default(""),
  insecureTls: boolean("insecure_tls").notNull().default(false),
  /** Redfish: the computer system to manage on a BMC with several ("" = its only one). */
  systemId: text("system_id").notNull().default(""),
  /** The ids of the BMC's computer systems, as last discovered (offered in the BMC settings form). */
  discoveredSystems: jsonb("discovered_systems").$type<string[]>().notNull().default([]),
  /** How boot overrides ask the firmware to boot; null = the partition's default. */
  bootMode: text("boot_mode").$type<BootMode>(),
  /** Set when an operator edited the connection: an agent's report no longer overwrites it. */
  operatorManaged: boolean("operator_managed").notNull().default(false),
  /** The address lies outside its partition's bmcNetworks (kept current when either changes). */
  outsideBmcNetworks: boolean("outside_bmc_networks").notNull().default(false),
  /** The address an operator approved (or set) although it is outside: only that exact address is contacted. */
  approvedAddress: text("approved_address"),
  info: jsonb("info").$type<BmcInfo | null>(),
  lastPollAt: timestamp("last_poll_at", { withTimezone: true }),
  lastPollOkAt: timestamp("last_poll_ok_at", { withTimezone: true }),
  lastPollError: text("last_poll_error"),
  /** When the poller looks at this BMC next (jittered, so polls spread over the interval). */
  nextPollAt: timestamp("next_poll_at", { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("machine_bmcs_next_poll_idx").on(t.nextPollAt)]);

export type BmcCommandName =
  | "power-on" | "power-off" | "power-reset" | "power-cycle"
  | "boot-pxe" | "boot-disk" | "boot-bios"
  | "identify-on" | "identify-off";
export type BmcCommandStatus = "queued" | "running" | "succeeded" | "failed";

export const bmcCommands = pgTable("bmc_commands", {
  id: text("id").primaryKey(),
  /** Execution order per machine (FIFO); ids are UUIDv7 too, but a sequence cannot tie. */
  seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
  machineId: text("machine_id").notNull().references(() => machines.id, { onDelete: "cascade" }),
  command: text("command").$type<BmcCommandName>().notNull(),
  /** Boot device: for every boot (true) or the next boot only (false). */
  persistent: boolean("persistent").notNull().default(false),
  /** Commands issued together (free = boot-pxe + power-reset): a failed step cancels the rest. */
  groupId: text("group_id").notNull(),
  /** Why: "user", "free", "reinstall", "installed", "resurrection". */
  origin: text("origin").notNull(),
  requesterId: text("requester_id"),
  requesterName: text("requester_name").notNull().default(""),
  status: text("status").$type<BmcCommandStatus>().notNull().default("queued"),
  error: text("error"),
  /** What an operator should know about a success (e.g. taken over from a worker that stopped). */
  note: text("note"),
  attempts: integer("attempts").notNull().default(0),
  /** Not before (retry backoff). */
  runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
  /**
   * Set when the command first starts (start + 10 min): past it, a command that is not being
   * executed right now (in backoff, or its worker's lease ran out) fails as timed out. Waiting
   * in the queue behind the BMC's earlier commands does not count against it.
   */
  deadline: timestamp("deadline", { withTimezone: true }),
  /** A running command whose lease ran out belongs to a worker that died: it is taken over. */
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  /** When the worker called the BMC (recorded with the result): the BMC's own time is finish − this. */
  dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
  /**
   * A reset or cycle: written (ownership-checked) right before the request that makes the BMC act,
   * and committed before it is sent. Once set, the BMC may have acted, so neither a retry nor a
   * take-over sends it again (they only make sure the machine is on); unset, it was never sent.
   */
  sentAt: timestamp("sent_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp("started_at", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
}, (t) => [
  index("bmc_commands_machine_idx").on(t.machineId, t.seq),
  index("bmc_commands_pending_idx").on(t.status, t.runAfter).where(sql`${t.status} in ('queued', 'running')`),
  // At most one running command per BMC: the serialisation holds across workers and processes.
  uniqueIndex("bmc_commands_one_running_key").on(t.machineId).where(sql`${t.status} = 'running'`),
]);

/**
 * Power draw the poller read, for the BMC panel's 24 h trend. At most one row per machine and
 * 5 minutes, older than 24 h pruned when the next one is stored (lib/domain/bmc/power-trend.ts):
 * bounded at 289 rows per machine.
 */
export const bmcPowerReadings = pgTable("bmc_power_readings", {
  machineId: text("machine_id").notNull().references(() => machines.id, { onDelete: "cascade" }),
  time: timestamp("time", { withTimezone: true }).notNull(),
  watts: integer("watts").notNull(),
}, (t) => [primaryKey({ columns: [t.machineId, t.time] })]);

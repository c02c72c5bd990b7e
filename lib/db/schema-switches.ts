import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { BgpSessionReport } from "@/lib/contracts/switches";
import type { AdminState, SwitchMode } from "@/lib/domain/fabric/types";
import { machines, partitions } from "./schema-catalog";

/**
 * The switch fabric (issue 12, docs/fabric.md). What a switch should look like is never stored:
 * it is computed from machines, allocations, networks and IPs (lib/domain/fabric/desired.ts).
 * Stored are the switch as it registered, the operators' settings (description, mode, each
 * port's desired admin state), the VLANs reserved for VNIs, what its agent last reported, and
 * the machine NIC ↔ port connections from LLDP.
 */
export const switches = pgTable("switches", {
  /** The hostname. */
  id: text("id").primaryKey(),
  partitionId: text("partition_id").notNull().references(() => partitions.id, { onDelete: "restrict" }),
  rack: text("rack").notNull(),
  description: text("description").notNull().default(""),
  osVendor: text("os_vendor").notNull().default(""),
  osVersion: text("os_version").notNull().default(""),
  agentVersion: text("agent_version").notNull().default(""),
  managementAddress: text("management_address").notNull().default(""),
  managementInterface: text("management_interface").notNull().default("eth0"),
  asn: bigint("asn", { mode: "number" }).notNull(),
  routerId: text("router_id").notNull(),
  mode: text("mode").$type<SwitchMode>().notNull().default("operational"),
  /** sha256 of the switch's agent credential (msc_…), issued at every registration. */
  credentialHash: text("credential_hash"),
  lastSyncAt: timestamp("last_sync_at", { withTimezone: true }),
  lastSyncDurationMs: integer("last_sync_duration_ms"),
  lastSyncVersion: text("last_sync_version"),
  lastError: text("last_error"),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  /** Whether the newest sync failed (lastError stays for history after a later success). */
  syncFailed: boolean("sync_failed").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index("switches_partition_rack_idx").on(t.partitionId, t.rack),
  uniqueIndex("switches_credential_key").on(t.credentialHash),
]);

export const switchPorts = pgTable("switch_ports", {
  switchId: text("switch_id").notNull().references(() => switches.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  /** The registration order (the port table's order). */
  position: integer("position").notNull(),
  mac: text("mac").notNull(),
  identifier: text("identifier").notNull().default(""),
  uplink: boolean("uplink").notNull().default(false),
  /** The operator's wish; the agent applies it. Actual state is operState (reported), kept apart. */
  desiredAdminState: text("desired_admin_state").$type<AdminState>().notNull().default("up"),
  operState: text("oper_state").$type<"up" | "down" | "unknown">().notNull().default("unknown"),
  bgp: jsonb("bgp").$type<BgpSessionReport | null>(),
  statusAt: timestamp("status_at", { withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.switchId, t.name] })]);

/** Per-switch VLAN ids (1001–2000) of the tenant VNIs on it (lib/domain/fabric/vlans.ts). */
export const switchVlans = pgTable("switch_vlans", {
  switchId: text("switch_id").notNull().references(() => switches.id, { onDelete: "cascade" }),
  vni: integer("vni").notNull(),
  vlan: integer("vlan").notNull(),
}, (t) => [primaryKey({ columns: [t.switchId, t.vni] }), uniqueIndex("switch_vlans_vlan_key").on(t.switchId, t.vlan)]);

/**
 * Machine NIC ↔ switch port, from the machine's LLDP report at registration. No foreign key to
 * the switch: a machine may report a leaf that registers later, which then finds its connections.
 */
export const machineConnections = pgTable("machine_connections", {
  machineId: text("machine_id").notNull().references(() => machines.id, { onDelete: "cascade" }),
  nicName: text("nic_name").notNull(),
  nicMac: text("nic_mac").notNull(),
  switchId: text("switch_id").notNull(),
  port: text("port").notNull(),
}, (t) => [
  primaryKey({ columns: [t.machineId, t.nicName] }),
  index("machine_connections_switch_idx").on(t.switchId, t.port),
]);

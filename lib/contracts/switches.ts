import { z } from "zod";
import { ADMIN_STATES, PORT_ROLES, SWITCH_MODES } from "@/lib/domain/fabric/types";
import { text } from "@/lib/domain/text";
import { description } from "./common";

/**
 * The switch fabric's contracts: the switch agent's protocol (/api/boot/switches/**, shared with
 * agents/switch) and the operators' API (/api/v1/switches). Switch agents authenticate like
 * machine agents: the partition boot credential to register, then their own switch credential (msc_…).
 */
export const SWITCH_CREDENTIAL_PREFIX = "msc_";

const mac = text().max(17).regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, "must be a lowercase MAC address");
const portName = text().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._/:-]*$/, "must be an interface name");
/** Switch ids are hostnames (FABRIC §2): they become FRR hostnames and LLDP chassis names. */
export const switchId = text().min(1).max(63).regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, "must be a hostname (lowercase letters, digits, dots, dashes)");
const ipv4 = text().max(15).regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, "must be an IPv4 address");

export const switchPortInput = z.object({
  name: portName,
  mac,
  /** The OS's own identifier of the port (SONiC alias, ifIndex, …); informational. */
  identifier: text().max(64).default(""),
  /** Configured uplinks (to the spines); every other port is a machine port. */
  uplink: z.boolean().default(false),
});

export const registerSwitchInput = z.object({
  id: switchId,
  rack: text().trim().min(1).max(64),
  description: description.default(""),
  os: z.object({ vendor: text().max(64), version: text().max(64) }),
  agentVersion: text().max(64),
  managementAddress: text().max(255),
  managementInterface: portName.default("eth0"),
  asn: z.number().int().min(1).max(4294967295),
  /** The loopback address: BGP router-id and VXLAN source. */
  routerId: ipv4,
  ports: z.array(switchPortInput).min(1).max(256),
});
export type RegisterSwitchInput = z.infer<typeof registerSwitchInput>;
export const registerSwitchDto = z.object({ switchId: text(), partitionId: text(), mode: z.enum(SWITCH_MODES), credential: text() });
export type RegisterSwitchDto = z.infer<typeof registerSwitchDto>;

const prefixFilter = z.object({ ipv4: z.array(text()), ipv6: z.array(text()) });
export const desiredSwitchStateSchema = z.object({
  switchId: text(),
  asn: z.number(),
  routerId: text(),
  managementInterface: text(),
  ports: z.array(z.object({
    name: text(), role: z.enum(PORT_ROLES), adminState: z.enum(ADMIN_STATES), vni: z.number().nullable(), machineId: text().nullable(),
    firewallVnis: z.array(z.number()), firewallPrefixes: prefixFilter,
  })),
  vrfs: z.array(z.object({ vni: z.number(), vlan: z.number(), ports: z.array(text()), prefixes: prefixFilter })),
});
/** The desired state and its version (a hash of it): the agent long-polls with the version it has. */
export const desiredSwitchDto = z.object({ version: text(), state: desiredSwitchStateSchema });
export type DesiredSwitchDto = z.infer<typeof desiredSwitchDto>;
export const desiredSwitchQuery = z.object({
  /** The version the agent has: the answer waits (≤ timeoutSeconds) until the desired state differs. */
  known: text().max(128).optional(),
  timeoutSeconds: z.coerce.number().int().min(0).max(30).default(25),
});

export const OPER_STATES = ["up", "down", "unknown"] as const;
export const bgpSessionReport = z.object({
  /** The neighbour: an interface (BGP unnumbered) or an address. */
  neighbour: text().min(1).max(64),
  peerGroup: text().max(64).default(""),
  vrf: text().max(64).default("default"),
  state: text().min(1).max(32),
  establishedSince: text().max(40).check(z.iso.datetime()).nullable().default(null),
  prefixesReceived: z.number().int().min(0).default(0),
  prefixesAccepted: z.number().int().min(0).default(0),
});
export type BgpSessionReport = z.infer<typeof bgpSessionReport>;
export const switchStatusInput = z.object({
  sync: z.object({
    durationMs: z.number().int().min(0).max(3_600_000),
    /** The error of this sync (validation, apply, FRR down), null on success. */
    error: text().max(16 * 1024).nullable(),
    /** The desired-state version now running (after a failure: the one that stayed). */
    version: text().max(128).nullable().default(null),
  }),
  ports: z.array(z.object({ name: portName, operState: z.enum(OPER_STATES) })).max(256).default([]),
  bgp: z.array(bgpSessionReport).max(2048).default([]),
});
export type SwitchStatusInput = z.infer<typeof switchStatusInput>;

// ---- the operators' API -------------------------------------------------------------------

export const switchIssues = ["notSynced", "syncFailed"] as const;
export const bgpSessionDto = bgpSessionReport;
export const switchPortDto = z.object({
  name: text(), mac: text(), identifier: text(), role: z.enum(PORT_ROLES),
  machineId: text().nullable(), nic: text().nullable(),
  vrf: text().nullable(), vni: z.number().nullable(), vlan: z.number().nullable(),
  filter: z.object({ prefixes: z.array(text()), vnis: z.array(z.number()) }),
  desiredAdminState: z.enum(ADMIN_STATES), operState: z.enum(OPER_STATES),
  bgp: bgpSessionDto.nullable(),
});
export type SwitchPortDto = z.infer<typeof switchPortDto>;
export const switchDto = z.object({
  id: text(), partitionId: text(), rack: text(), description: text(),
  os: z.object({ vendor: text(), version: text() }), agentVersion: text(), managementAddress: text(),
  mode: z.enum(SWITCH_MODES), asn: z.number(), routerId: text(),
  portCount: z.number(), connectedMachines: z.number(),
  lastSync: z.object({ time: text(), durationMs: z.number() }).nullable(),
  lastError: z.object({ time: text(), message: text() }).nullable(),
  issues: z.array(z.enum(switchIssues)),
  createdAt: text(),
});
export type SwitchDto = z.infer<typeof switchDto>;
export const switchDetailDto = switchDto.extend({ ports: z.array(switchPortDto) });
export type SwitchDetailDto = z.infer<typeof switchDetailDto>;

export const listSwitchesQuery = z.object({
  partitionId: text().max(100).optional(),
  rack: text().max(64).optional(),
  issue: z.enum(switchIssues).optional(),
});
export const updateSwitchInput = z.strictObject({ description: description.optional(), mode: z.enum(SWITCH_MODES).optional() });
export type UpdateSwitchInput = z.infer<typeof updateSwitchInput>;
export const deleteSwitchQuery = z.object({ force: z.enum(["true", "false"]).transform((v) => v === "true").default(false) });
export const updateSwitchPortInput = z.strictObject({ adminState: z.enum(ADMIN_STATES) });
export const switchPortParams = z.object({ id: text().min(1).max(100), port: text().min(1).max(64) });

/** A machine's uplinks (machine detail): the leaf ports its NICs are cabled to, with their state. */
export const machineUplinkDto = z.object({
  nic: text(), switchId: text(), port: text(),
  /** Null while the switch has not registered (the connection is known from LLDP only). */
  desiredAdminState: z.enum(ADMIN_STATES).nullable(), operState: z.enum(OPER_STATES),
  vrf: text().nullable(), bgp: bgpSessionDto.nullable(),
});
export const machineUplinksDto = z.object({ cablingIssue: text().nullable(), uplinks: z.array(machineUplinkDto) });
export type MachineUplinksDto = z.infer<typeof machineUplinksDto>;

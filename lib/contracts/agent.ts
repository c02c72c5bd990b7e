import { z } from "zod";
import { filesystemLayoutSchema, hardwareSchema } from "@/lib/domain/catalog/schemas";
import { clampMessage, lifecycleState, provisioningEventType } from "@/lib/domain/lifecycle/events";

/**
 * The machine-facing protocol (app/api/boot/**), shared by the server and agents/machine.
 * Agents authenticate with `Authorization: Bearer <credential>`: the partition boot credential
 * (mbc_…) until they have registered, then their own machine credential (mmc_…).
 */
export const lldpNeighbour = z.object({ switchName: z.string().min(1).max(255), port: z.string().min(1).max(64) });
export const nicSchema = z.object({
  name: z.string().min(1).max(64),
  mac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, "must be a lowercase MAC address"),
  neighbours: z.array(lldpNeighbour).max(8).default([]),
});
export const bmcReportSchema = z.object({
  address: z.string().min(1).max(255),
  mac: z.string().max(17).default(""),
  protocol: z.enum(["ipmi", "redfish"]),
  user: z.string().max(64).default(""),
  password: z.string().max(128).default(""),
  firmwareVersion: z.string().max(128).default(""),
  fru: z.record(z.string(), z.string().max(255)).default({}),
});

/**
 * Agent messages are truncated rather than rejected (lib/domain/lifecycle clampMessage): a
 * Crashed event or a failed install report with a long stack trace is exactly what an operator
 * needs, and a 422 would lose it. The outer bound only limits the payload.
 */
const agentMessage = z.string().max(64 * 1024).transform(clampMessage);

export const registerMachineInput = z.object({
  /**
   * The hardware UUID (SMBIOS system UUID): the machine's id for life. Any 8-4-4-4-12 hex form
   * (z.guid, not z.uuid): vendors ship SMBIOS UUIDs without RFC 9562 version/variant bits, and
   * dmidecode prints them in upper case, so they are stored lower-cased.
   */
  uuid: z.guid({ error: "must be the machine's hardware UUID" }).transform((s) => s.toLowerCase()),
  hardware: hardwareSchema.extend({ nics: z.array(nicSchema).max(32).default([]) }),
  bmc: bmcReportSchema.optional(),
  /** Rack as the lab knows it; real machines derive it from their switches' names. */
  rack: z.string().max(64).optional(),
});
export type RegisterMachineInput = z.infer<typeof registerMachineInput>;
export const registerMachineDto = z.object({
  machineId: z.string(),
  partitionId: z.string(),
  sizeId: z.string().nullable(),
  rack: z.string(),
  /** The machine's own credential, returned at every registration (the old one stops working). */
  credential: z.string(),
});

/**
 * Which install of which allocation a message is about: the `generation` of the install
 * instructions (new for every allocation and every reinstall). Messages about an install name it,
 * and the server refuses them with 409 `stale_allocation` when it is not the machine's current
 * one: an installer of a freed allocation must never report onto the next one.
 */
export const allocationGeneration = z.number().int().positive();

/** The events an installer sends about the install it is working on: they must name it. */
export const INSTALL_EVENTS = ["Installing", "Booting New Kernel"] as const;

export const machineEventInput = z.object({
  event: provisioningEventType,
  message: agentMessage.optional(),
  /** Required for Installing and Booting New Kernel; a Crashed during an install names it too. */
  generation: allocationGeneration.optional(),
}).superRefine((v, ctx) => {
  if (v.generation === undefined && (INSTALL_EVENTS as readonly string[]).includes(v.event)) {
    ctx.addIssue({ code: "custom", path: ["generation"], message: `${v.event} is about an install: name it with the generation of its install instructions` });
  }
});
export type MachineEventInput = z.infer<typeof machineEventInput>;

/** What became of an event: stored as expected, stored but unexpected in the state it arrived
 *  in (crash-loop evidence), only refreshed the last sign of life (heartbeat, repeat), or ignored. */
export const machineEventResultDto = z.object({
  machineId: z.string(),
  outcome: z.enum(["recorded", "unexpected", "refreshed", "ignored"]),
  state: lifecycleState,
  crashLoop: z.boolean(),
  failedReclaim: z.boolean(),
  lastEventTime: z.string().nullable(),
});
export type MachineEventResultDto = z.infer<typeof machineEventResultDto>;

export const installNetwork = z.object({
  networkId: z.string(),
  kind: z.string(),
  vrf: z.number().nullable(),
  primary: z.boolean(),
  addresses: z.array(z.string()),
  prefixes: z.array(z.string()),
  destinationPrefixes: z.array(z.string()),
  nat: z.boolean(),
});
export const installInstructions = z.object({
  machineId: z.string(),
  /** This install of this allocation; every message about it names it (see allocationGeneration). */
  generation: allocationGeneration,
  hostname: z.string(),
  image: z.object({ id: z.string(), url: z.string(), sha256: z.string() }),
  filesystemLayout: filesystemLayoutSchema.extend({ id: z.string() }),
  networks: z.array(installNetwork),
  asn: z.number(),
  sshPublicKeys: z.array(z.string()),
  userdata: z.string(),
  dnsServers: z.array(z.string()),
  ntpServers: z.array(z.string()),
  /** On a reinstall, disks not marked wipeOnReinstall keep their data. */
  reinstall: z.boolean(),
});
export type InstallInstructions = z.infer<typeof installInstructions>;

/** Long-poll answer: allocated (with what to install) or "ask again". */
export const waitDto = z.discriminatedUnion("allocated", [
  z.object({ allocated: z.literal(true), install: installInstructions }),
  z.object({ allocated: z.literal(false) }),
]);

export const bootInfoSchema = z.object({
  primaryDisk: z.string().max(255),
  osPartition: z.string().max(255),
  kernel: z.string().max(1024),
  initrd: z.string().max(1024),
  cmdline: z.string().max(4096),
  bootloaderId: z.string().max(255),
});
export const installReportInput = z.discriminatedUnion("success", [
  z.object({ success: z.literal(true), generation: allocationGeneration, bootInfo: bootInfoSchema, message: agentMessage.default("") }),
  z.object({ success: z.literal(false), generation: allocationGeneration, message: z.string().min(1).max(64 * 1024).transform(clampMessage) }),
]);
export type InstallReportInput = z.infer<typeof installReportInput>;

/**
 * The boot info the agent should boot now: the reported one on success; on a failed reinstall
 * the previous installation's (restored, so the agent can kexec into the untouched old OS);
 * null when there is nothing installed to boot.
 */
export const installReportDto = z.object({ bootInfo: bootInfoSchema.nullable() });
export type InstallReportDto = z.infer<typeof installReportDto>;

import { z } from "zod";
import { text } from "@/lib/domain/text";
import { paginationQuery } from "@/lib/http/pagination";
import { description, tagsSchema } from "./common";

/** Tenant and operator API for machines: allocation, listing, free, reinstall, conditions. */
const hostname = text().max(63).regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a DNS label");
const sshKey = text().max(16_384).regex(/^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/, "must be an OpenSSH public key");

export const allocateMachineInput = z.strictObject({
  projectId: text().min(1, "is required").max(100),
  partitionId: text().min(1, "is required").max(100),
  /** A size, or an explicit machine id (skips the pool; must be free and match). */
  sizeId: text().min(1).max(100).optional(),
  machineId: text().min(1).max(100).optional(),
  /** "ubuntu-24.04" resolves to the newest patch; a full id is exact. */
  image: text().min(1, "is required").max(128),
  filesystemLayoutId: text().min(1).max(100).optional(),
  name: text().trim().max(100).default(""),
  description: description.default(""),
  hostname: hostname.optional(),
  /** The primary private network; defaults to the project's only private network in the partition. */
  networkId: text().min(1).max(100).optional(),
  externalNetworkIds: z.array(text().min(1).max(100)).max(8).default([]),
  sshPublicKeys: z.array(sshKey).max(50).default([]),
  userdata: text().max(32 * 1024, "must be at most 32 KiB").default(""),
  tags: tagsSchema.default([]),
}).refine((v) => v.sizeId || v.machineId, { message: "give a sizeId or a machineId", path: ["sizeId"] });
export type AllocateMachineInput = z.infer<typeof allocateMachineInput>;

export const machineConditions = ["AVAILABLE", "LOCKED", "TAINTED"] as const;
export const machineLivelinessValues = ["Alive", "Dead", "Unknown"] as const;
/**
 * What the operators' issues view lists: crash loop, failed reclaim, Dead, Unknown liveliness,
 * hardware matching no size, a transitional state that outlived its timeout (failed), a BMC not
 * read successfully for 20 min (bmcOutdated), a machine whose latest BMC command failed, and a
 * BMC address outside the partition's BMC networks that no operator approved (not contacted),
 * LLDP neighbours that are not two leaves of one rack with mirrored ports (cabling: not
 * allocatable), and an installed machine with an uplink down or its BGP session not established.
 */
export const machineIssues = ["crashLoop", "failedReclaim", "dead", "unknown", "noSize", "failed", "bmcOutdated", "bmcCommandFailed", "bmcOutsideNetworks", "cabling", "uplinkDown"] as const;
export type MachineIssue = (typeof machineIssues)[number];

export const listMachinesQuery = paginationQuery.extend({
  projectId: text().max(100).optional(),
  partitionId: text().max(100).optional(),
  sizeId: text().max(100).optional(),
  rack: text().max(64).optional(),
  state: text().max(40).optional(),
  liveliness: z.enum(machineLivelinessValues).optional(),
  condition: z.enum(machineConditions).optional(),
  issue: z.enum(machineIssues).optional(),
  allocated: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  q: text().trim().max(100).optional(),
});
export type ListMachinesQuery = z.infer<typeof listMachinesQuery>;

export const updateMachineInput = z.strictObject({
  name: text().trim().max(100).optional(),
  description: description.optional(),
  tags: tagsSchema.optional(),
});
export const reinstallMachineInput = z.strictObject({ image: text().min(1).max(128) });
export const machineConditionInput = z.strictObject({
  condition: z.enum(machineConditions),
  reason: text().trim().max(500).default(""),
});

/** An operator lets a known machine register once more with the partition boot credential, within this many minutes. */
export const reenrollInput = z.strictObject({ windowMinutes: z.int().min(1).max(24 * 60).default(30) });
export const reenrollDto = z.object({ machineId: text(), reenrollUntil: text() });
export type ReenrollDto = z.infer<typeof reenrollDto>;

export const machineEventDto = z.object({ time: text(), event: text(), message: text(), unexpected: z.boolean() });
export const machineDto = z.object({
  id: text(),
  partitionId: text(),
  rack: text(),
  sizeId: text().nullable(),
  condition: z.enum(machineConditions),
  conditionReason: text(),
  liveliness: z.enum(machineLivelinessValues),
  state: text(),
  crashLoop: z.boolean(),
  failedReclaim: z.boolean(),
  failed: z.object({ reason: text(), since: text() }).nullable(),
  lastEventTime: text().nullable(),
  lastError: machineEventDto.nullable(),
  allocation: z.object({
    projectId: text(),
    name: text(),
    description: text(),
    hostname: text(),
    imageId: text(),
    filesystemLayoutId: text(),
    networks: z.array(z.object({ networkId: text(), addresses: z.array(text()), vrf: z.number().nullable(), primary: z.boolean() })),
    asn: z.number(),
    succeeded: z.boolean(),
    reinstall: z.boolean(),
    tags: z.array(text()),
    allocatedAt: text(),
  }).nullable(),
  hardware: z.object({ cores: z.number(), memoryBytes: z.number(), disks: z.number(), gpus: z.number() }),
  createdAt: text(),
  updatedAt: text(),
});
export type MachineDto = z.infer<typeof machineDto>;
/** GET /machines/{id}/events: the stored provisioning history, newest first (at most 100). */
export const machineEventsDto = z.object({ machineId: text(), state: text(), items: z.array(machineEventDto) });

/**
 * The full inventory for operators (GET /admin/machines/{id}): what the agent reported and the
 * BMC's address and protocol. Built field by field from the stored report, so a BMC password
 * can never reach it (none is stored there either).
 */
export const machineInventoryDto = z.object({
  cpus: z.array(z.object({ model: text(), cores: z.number(), threads: z.number().nullable() })),
  memoryBytes: z.number(),
  disks: z.array(z.object({ name: text(), sizeBytes: z.number() })),
  nics: z.array(z.object({ name: text(), mac: text(), neighbours: z.array(z.object({ switchName: text(), port: text() })) })),
  gpus: z.array(z.object({ model: text(), vendor: text().nullable() })),
  bmc: z.object({
    address: text(),
    mac: text(),
    protocol: z.enum(["ipmi", "redfish"]),
    user: text(),
    firmwareVersion: text(),
    fru: z.record(text(), text()),
  }).nullable(),
});
export type MachineInventoryDto = z.infer<typeof machineInventoryDto>;
export const adminMachineDto = machineDto.extend({ inventory: machineInventoryDto });
export type AdminMachineDto = z.infer<typeof adminMachineDto>;

/** One Server-Sent Event of GET /machines/stream (event name "machine"): this machine changed. */
export const machineStreamEventDto = z.object({ machineId: text() });
export type MachineStreamEventDto = z.infer<typeof machineStreamEventDto>;
/** Event "switch" of the same stream, to operators only: this switch changed (status, ports, mode). */
export const switchStreamEventDto = z.object({ switchId: text() });
export type SwitchStreamEventDto = z.infer<typeof switchStreamEventDto>;

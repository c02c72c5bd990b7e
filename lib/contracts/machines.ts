import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";
import { description } from "./common";

/** Tenant and operator API for machines: allocation, listing, free, reinstall, conditions. */
const hostname = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a DNS label");
const sshKey = z.string().regex(/^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/, "must be an OpenSSH public key");

export const allocateMachineInput = z.strictObject({
  projectId: z.string().min(1, "is required"),
  partitionId: z.string().min(1, "is required"),
  /** A size, or an explicit machine id (skips the pool; must be free and match). */
  sizeId: z.string().min(1).optional(),
  machineId: z.string().min(1).optional(),
  /** "ubuntu-24.04" resolves to the newest patch; a full id is exact. */
  image: z.string().min(1, "is required").max(128),
  filesystemLayoutId: z.string().min(1).optional(),
  name: z.string().trim().max(100).default(""),
  description: description.default(""),
  hostname: hostname.optional(),
  /** The primary private network; defaults to the project's only private network in the partition. */
  networkId: z.string().min(1).optional(),
  externalNetworkIds: z.array(z.string().min(1)).max(8).default([]),
  sshPublicKeys: z.array(sshKey).max(50).default([]),
  userdata: z.string().max(32 * 1024, "must be at most 32 KiB").default(""),
  tags: z.array(z.string().min(1).max(100)).max(50).default([]),
}).refine((v) => v.sizeId || v.machineId, { message: "give a sizeId or a machineId", path: ["sizeId"] });
export type AllocateMachineInput = z.infer<typeof allocateMachineInput>;

export const machineConditions = ["AVAILABLE", "LOCKED", "TAINTED"] as const;
export const machineLivelinessValues = ["Alive", "Dead", "Unknown"] as const;
/**
 * What the operators' issues view lists: crash loop, failed reclaim, Dead, Unknown liveliness,
 * hardware matching no size, a transitional state that outlived its timeout (failed), a BMC not
 * read successfully for 20 min (bmcOutdated) and a machine whose latest BMC command failed.
 */
export const machineIssues = ["crashLoop", "failedReclaim", "dead", "unknown", "noSize", "failed", "bmcOutdated", "bmcCommandFailed"] as const;
export type MachineIssue = (typeof machineIssues)[number];

export const listMachinesQuery = paginationQuery.extend({
  projectId: z.string().max(100).optional(),
  partitionId: z.string().max(100).optional(),
  sizeId: z.string().max(100).optional(),
  rack: z.string().max(64).optional(),
  state: z.string().max(40).optional(),
  liveliness: z.enum(machineLivelinessValues).optional(),
  condition: z.enum(machineConditions).optional(),
  issue: z.enum(machineIssues).optional(),
  allocated: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListMachinesQuery = z.infer<typeof listMachinesQuery>;

export const updateMachineInput = z.strictObject({
  name: z.string().trim().max(100).optional(),
  description: description.optional(),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export const reinstallMachineInput = z.strictObject({ image: z.string().min(1).max(128) });
export const machineConditionInput = z.strictObject({
  condition: z.enum(machineConditions),
  reason: z.string().trim().max(500).default(""),
});

export const machineEventDto = z.object({ time: z.string(), event: z.string(), message: z.string(), unexpected: z.boolean() });
export const machineDto = z.object({
  id: z.string(),
  partitionId: z.string(),
  rack: z.string(),
  sizeId: z.string().nullable(),
  condition: z.enum(machineConditions),
  conditionReason: z.string(),
  liveliness: z.enum(machineLivelinessValues),
  state: z.string(),
  crashLoop: z.boolean(),
  failedReclaim: z.boolean(),
  failed: z.object({ reason: z.string(), since: z.string() }).nullable(),
  lastEventTime: z.string().nullable(),
  lastError: machineEventDto.nullable(),
  allocation: z.object({
    projectId: z.string(),
    name: z.string(),
    description: z.string(),
    hostname: z.string(),
    imageId: z.string(),
    filesystemLayoutId: z.string(),
    networks: z.array(z.object({ networkId: z.string(), addresses: z.array(z.string()), vrf: z.number().nullable(), primary: z.boolean() })),
    asn: z.number(),
    succeeded: z.boolean(),
    reinstall: z.boolean(),
    tags: z.array(z.string()),
    allocatedAt: z.string(),
  }).nullable(),
  hardware: z.object({ cores: z.number(), memoryBytes: z.number(), disks: z.number(), gpus: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MachineDto = z.infer<typeof machineDto>;
/** GET /machines/{id}/events: the stored provisioning history, newest first (at most 100). */
export const machineEventsDto = z.object({ machineId: z.string(), state: z.string(), items: z.array(machineEventDto) });

/**
 * The full inventory for operators (GET /admin/machines/{id}): what the agent reported and the
 * BMC's address and protocol. Built field by field from the stored report, so a BMC password
 * can never reach it (none is stored there either).
 */
export const machineInventoryDto = z.object({
  cpus: z.array(z.object({ model: z.string(), cores: z.number(), threads: z.number().nullable() })),
  memoryBytes: z.number(),
  disks: z.array(z.object({ name: z.string(), sizeBytes: z.number() })),
  nics: z.array(z.object({ name: z.string(), mac: z.string(), neighbours: z.array(z.object({ switchName: z.string(), port: z.string() })) })),
  gpus: z.array(z.object({ model: z.string(), vendor: z.string().nullable() })),
  bmc: z.object({
    address: z.string(),
    mac: z.string(),
    protocol: z.enum(["ipmi", "redfish"]),
    user: z.string(),
    firmwareVersion: z.string(),
    fru: z.record(z.string(), z.string()),
  }).nullable(),
});
export type MachineInventoryDto = z.infer<typeof machineInventoryDto>;
export const adminMachineDto = machineDto.extend({ inventory: machineInventoryDto });
export type AdminMachineDto = z.infer<typeof adminMachineDto>;

/** One Server-Sent Event of GET /machines/stream (event name "machine"): this machine changed. */
export const machineStreamEventDto = z.object({ machineId: z.string() });
export type MachineStreamEventDto = z.infer<typeof machineStreamEventDto>;

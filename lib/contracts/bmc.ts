import { z } from "zod";
import { text } from "@/lib/domain/text";
import { paginationQuery } from "@/lib/http/pagination";

/** Out-of-band management API: power and boot commands with a visible result, the BMC panel, BMC settings. */
export const powerActions = ["on", "off", "reset", "cycle", "boot-pxe", "boot-disk", "boot-bios", "identify-on", "identify-off"] as const;
export type PowerAction = (typeof powerActions)[number];

export const powerActionInput = z.strictObject({
  action: z.enum(powerActions),
  /** Boot device for every boot instead of the next one only; boot actions only. */
  persistent: z.boolean().default(false),
}).refine((v) => !v.persistent || v.action.startsWith("boot-"), { message: "only boot actions can be persistent", path: ["persistent"] });
export type PowerActionInput = z.infer<typeof powerActionInput>;

export const bmcCommandNames = ["power-on", "power-off", "power-reset", "power-cycle", "boot-pxe", "boot-disk", "boot-bios", "identify-on", "identify-off"] as const;
export const bmcCommandDto = z.object({
  id: text(),
  machineId: text(),
  command: z.enum(bmcCommandNames),
  persistent: z.boolean(),
  /** user, free, reinstall, installed, resurrection */
  origin: text(),
  requester: text(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  error: text().nullable(),
  note: text().nullable(),
  attempts: z.number(),
  createdAt: text(),
  startedAt: text().nullable(),
  finishedAt: text().nullable(),
});
export type BmcCommandDto = z.infer<typeof bmcCommandDto>;
export const powerActionDto = z.object({ commands: z.array(bmcCommandDto) });

export const listBmcCommandsQuery = paginationQuery.extend({ status: z.enum(["queued", "running", "succeeded", "failed"]).optional() });

const health = z.enum(["OK", "Warning", "Critical", "Unknown"]);
export const bmcDto = z.object({
  machineId: text(),
  protocol: z.enum(["ipmi", "redfish"]),
  powerState: z.enum(["on", "off"]).nullable(),
  identifyOn: z.boolean().nullable(),
  manufacturer: text(),
  model: text(),
  serial: text(),
  firmwareVersion: text(),
  biosVersion: text(),
  powerWatts: z.number().nullable(),
  powerSupplies: z.array(z.object({ name: text(), health, state: text() })),
  lastPollAt: text().nullable(),
  lastPollOkAt: text().nullable(),
  lastPollError: text().nullable(),
  /** No successful poll for 20 minutes: what the panel shows may be stale. */
  outdated: z.boolean(),
  /** How the BMC is reached: operators only (null for tenants). Never the password. */
  connection: z.object({
    address: text(),
    mac: text(),
    user: text(),
    passwordSet: z.boolean(),
    insecureTls: z.boolean(),
    operatorManaged: z.boolean(),
    /** Redfish: the computer system managed on a BMC with several ("" = its only one). */
    systemId: text(),
    /** The BMC's computer systems as last discovered (Redfish), to choose from. */
    discoveredSystems: z.array(text()),
    /** The machine's own boot mode; null = its partition's. */
    bootMode: z.enum(["uefi", "legacy"]).nullable(),
    /** The boot mode boot overrides use: the machine's own, else the partition's. */
    effectiveBootMode: z.enum(["uefi", "legacy"]),
  }).nullable(),
  /** Its address is outside the partition's BMC networks and not approved: not contacted at all. */
  notContacted: z.boolean(),
});
export type BmcDto = z.infer<typeof bmcDto>;

const address = text().trim().min(1, "is required").max(255).regex(/^(https?:\/\/)?[A-Za-z0-9.:\-[\]]+(:\d{1,5})?\/?$/, "must be a host, host:port or http(s)://host:port");
/** Operators set or correct how a BMC is reached; the password is write-only (never returned). */
export const updateBmcInput = z.strictObject({
  protocol: z.enum(["ipmi", "redfish"]).optional(),
  address: address.optional(),
  user: text().trim().max(64).optional(),
  password: text().min(1, "must not be empty").max(128).optional(),
  insecureTls: z.boolean().optional(),
  /** Redfish: the computer system to manage on a BMC with several (the last segment of its path); "" = its only one. */
  systemId: text().trim().max(128).regex(/^[A-Za-z0-9._:-]*$/, "must be a system id such as 1 or System.Embedded.1").optional(),
  /** uefi or legacy; null = the partition's default. */
  bootMode: z.enum(["uefi", "legacy"]).nullable().optional(),
});
export type UpdateBmcInput = z.infer<typeof updateBmcInput>;

/** The BMC panel's power trend: readings of the last 24 h, oldest first, at most one per 5 minutes. */
export const powerReadingsDto = z.object({
  machineId: text(),
  items: z.array(z.object({ time: text(), watts: z.number().int() })),
});
export type PowerReadingsDto = z.infer<typeof powerReadingsDto>;

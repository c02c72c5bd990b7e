import { z } from "zod";
import { defineEndpoint } from "@/lib/http/endpoint";
import { pageSchema, paginationQuery } from "@/lib/http/pagination";
import {
  installReportDto,
  installReportInput,
  machineEventInput,
  machineEventResultDto,
  registerMachineDto,
  registerMachineInput,
  waitDto,
} from "./agent";
import { idParam } from "./common";

/**
 * The machine-facing protocol (/api/boot, auth "agent": partition boot credential or machine
 * credential, never a user token) and the operators' API for partition boot credentials.
 */

export const BOOT_CREDENTIAL_PREFIX = "mbc_";
export const MACHINE_CREDENTIAL_PREFIX = "mmc_";

export const bootCredentialDto = z.object({
  id: z.string(),
  partitionId: z.string(),
  description: z.string(),
  /** The first characters of the secret, to recognise it in a list. */
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  status: z.enum(["active", "revoked"]),
});
export type BootCredentialDto = z.infer<typeof bootCredentialDto>;
export const createdBootCredentialDto = bootCredentialDto.extend({ secret: z.string() });
export type CreatedBootCredentialDto = z.infer<typeof createdBootCredentialDto>;
export const createBootCredentialInput = z.strictObject({ description: z.string().trim().max(200).default("") });
export type CreateBootCredentialInput = z.infer<typeof createBootCredentialInput>;
export const listBootCredentialsQuery = paginationQuery.extend({
  includeRevoked: z.enum(["true", "false"]).transform((v) => v === "true").default(false),
});
export type ListBootCredentialsQuery = z.infer<typeof listBootCredentialsQuery>;

/** Any case, ":" or "-" separated; normalised to the agent's spelling (lowercase, ":"). */
const macQuery = z
  .string()
  .trim()
  .regex(/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/, "must be a MAC address such as 52:54:00:12:34:56")
  .transform((s) => s.toLowerCase().replaceAll("-", ":"));

export const ipxeQuery = z.object({
  partition: z.string().min(1).max(100),
  /** iPXE's ${net0/mac}: when a machine with this NIC is known, a PXE Booting event is recorded. */
  mac: macQuery.optional(),
});
export type IpxeQuery = z.infer<typeof ipxeQuery>;

export const MAX_WAIT_SECONDS = 30;
export const waitQuery = z.object({
  timeoutSeconds: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(25),
});

const machineParam = idParam;

export const bootEndpoints = {
  bootIpxe: defineEndpoint({ method: "GET", path: "/api/boot/ipxe", tag: "boot", summary: "iPXE script (text/plain) booting the partition's agent kernel with the API URL and a partition boot credential", auth: "none", query: ipxeQuery }),
  bootRegister: defineEndpoint({ method: "POST", path: "/api/boot/register", tag: "boot", summary: "Register a machine's hardware; returns its machine credential (once per registration)", auth: "agent", body: registerMachineInput, response: registerMachineDto, errors: [403, 409, 422] }),
  bootEvent: defineEndpoint({ method: "POST", path: "/api/boot/machines/{id}/events", tag: "boot", summary: "Send a provisioning event (Alive = heartbeat); events about an install name its generation and are refused (409 stale_allocation) when it is no longer the machine's", auth: "agent", params: machineParam, body: machineEventInput, response: machineEventResultDto, errors: [403, 404, 409] }),
  bootWait: defineEndpoint({ method: "GET", path: "/api/boot/machines/{id}/wait", tag: "boot", summary: "Long poll (≤ 30 s) for an allocation; answers at once with the install instructions", auth: "agent", params: machineParam, query: waitQuery, response: waitDto, errors: [403] }),
  bootReport: defineEndpoint({ method: "POST", path: "/api/boot/machines/{id}/report", tag: "boot", summary: "Report the result of the install its generation names (boot info, or the failure); 409 stale_allocation when that install is no longer the machine's", auth: "agent", params: machineParam, body: installReportInput, response: installReportDto, errors: [403, 409] }),
  bootPhoneHome: defineEndpoint({ method: "POST", path: "/api/boot/machines/{id}/phone-home", tag: "boot", summary: "The installed OS reports in (Phoned Home)", auth: "agent", params: machineParam, response: machineEventResultDto, errors: [403] }),

  listBootCredentials: defineEndpoint({ method: "GET", path: "/api/v1/partitions/{id}/boot-credentials", tag: "partitions", summary: "List a partition's boot credentials, never their secrets (operators)", auth: "user", params: idParam, query: listBootCredentialsQuery, response: pageSchema(bootCredentialDto) }),
  createBootCredential: defineEndpoint({ method: "POST", path: "/api/v1/partitions/{id}/boot-credentials", tag: "partitions", summary: "Create a partition boot credential; the secret is returned once (operators)", auth: "user", params: idParam, body: createBootCredentialInput, response: createdBootCredentialDto, status: 201 }),
  revokeBootCredential: defineEndpoint({ method: "DELETE", path: "/api/v1/partitions/{id}/boot-credentials/{credId}", tag: "partitions", summary: "Revoke a partition boot credential (rotation: create a new one, then revoke the old)", auth: "user", params: z.object({ id: z.string().min(1).max(100), credId: z.string().min(1).max(100) }), response: bootCredentialDto }),
};

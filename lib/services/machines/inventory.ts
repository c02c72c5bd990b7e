import { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import type { AdminMachineDto, MachineInventoryDto } from "@/lib/contracts/machines";
import { getDb } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/http/errors";
import { getReadableMachine, toMachineDto } from "./machines";

/**
 * The operators' view of one machine: the stored agent report (machines.hardware) read back
 * leniently — a field an older agent did not send becomes empty rather than failing the page.
 * Every field is picked by name, so nothing else stored beside the report (a future secret
 * included) can reach the DTO.
 */
const text = z.string().catch("");
const num = z.number().catch(0);
const list = <T extends z.ZodType>(item: T) => z.array(item).catch([]);

const storedReport = z.object({
  cpus: list(z.object({ model: text, cores: num, threads: z.number().nullable().catch(null).default(null) })),
  memoryBytes: num.default(0),
  disks: list(z.object({ name: text, sizeBytes: num })),
  nics: list(z.object({ name: text, mac: text, neighbours: list(z.object({ switchName: text, port: text })).default([]) })),
  gpus: list(z.object({ model: text, vendor: z.string().nullable().catch(null).default(null) })),
  bmc: z.object({
    address: z.string().min(1),
    mac: text.default(""),
    protocol: z.enum(["ipmi", "redfish"]),
    user: text.default(""),
    firmwareVersion: text.default(""),
    fru: z.record(z.string(), z.string()).catch({}).default({}),
  }).nullable().catch(null).default(null),
});

export function toInventoryDto(stored: unknown): MachineInventoryDto {
  const parsed = storedReport.safeParse(stored ?? {});
  if (!parsed.success) return { cpus: [], memoryBytes: 0, disks: [], nics: [], gpus: [], bmc: null };
  const r = parsed.data;
  return {
    cpus: r.cpus.map((c) => ({ model: c.model, cores: c.cores, threads: c.threads })),
    memoryBytes: r.memoryBytes,
    disks: r.disks.map((d) => ({ name: d.name, sizeBytes: d.sizeBytes })),
    nics: r.nics.map((n) => ({ name: n.name, mac: n.mac, neighbours: n.neighbours.map((x) => ({ switchName: x.switchName, port: x.port })) })),
    gpus: r.gpus.map((g) => ({ model: g.model, vendor: g.vendor })),
    bmc: r.bmc && { address: r.bmc.address, mac: r.bmc.mac, protocol: r.bmc.protocol, user: r.bmc.user, firmwareVersion: r.bmc.firmwareVersion, fru: r.bmc.fru },
  };
}

/** Operators only: 404 for a machine the caller cannot read at all, 403 for its tenant's members. */
export async function getAdminMachine(actor: Actor, id: string): Promise<AdminMachineDto> {
  const row = await getReadableMachine(await getDb(), actor, id);
  if (!can(actor.principal.grants, "infra.read", { kind: "global" })) throw new ForbiddenError("Only operators see a machine's inventory here; use GET /api/v1/machines/{id}.");
  return { ...toMachineDto(row), inventory: toInventoryDto(row.machine.hardware) };
}

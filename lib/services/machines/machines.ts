import { and, asc, count, eq, gt, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Grant } from "@/lib/auth/grants";
import { can } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/principal";
import type { ListMachinesQuery, MachineDto, machineConditionInput, machineEventDto, updateMachineInput } from "@/lib/contracts/machines";
import { getDb, type Executor } from "@/lib/db/client";
import { machineAllocations, machineBmcs, machineProvisioning, machines, projects } from "@/lib/db/schema";
import type { BmcInfo } from "@/lib/bmc/driver";
import { hardwareSchema } from "@/lib/domain/catalog/schemas";
import { provisioningContainerSchema, type StoredProvisioningEvent } from "@/lib/domain/lifecycle";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { numberedPage, type RowSortKey, sortedPage } from "@/lib/http/sorting";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import { machineListFilters } from "./list-filters";
import { notifyMachineChanged } from "./notify";

/**
 * Machines as tenants and operators see them. A tenant sees the machines allocated to its
 * projects and nothing else (a foreign or unallocated machine is "not found"); operators see
 * every machine, free ones included. Allocation, free and reinstall live in allocation*.ts.
 */
export type MachineRow = {
  machine: typeof machines.$inferSelect;
  allocation: typeof machineAllocations.$inferSelect | null;
  container: unknown;
  lastEventTime: Date | null;
  tenantId: string | null;
  /** The BMC's last poll (machine_bmcs.info); only its power state reaches the DTO. */
  bmcInfo?: BmcInfo | null;
};
/** What toMachineDto reads: a MachineRow, or one composed by the caller (an allocation knows its row without reading it back). */
export type MachineDtoSource = Omit<MachineRow, "allocation"> & { allocation: Omit<typeof machineAllocations.$inferSelect, "generation"> | null };
type EventDto = z.infer<typeof machineEventDto>;

const columns = {
  machine: machines,
  allocation: machineAllocations,
  container: machineProvisioning.container,
  lastEventTime: machineProvisioning.lastEventTime,
  tenantId: projects.tenantId,
  bmcInfo: machineBmcs.info,
};

function selectMachines(ex: Executor) {
  return ex.select(columns).from(machines)
    .leftJoin(machineAllocations, eq(machineAllocations.machineId, machines.id))
    .leftJoin(machineProvisioning, eq(machineProvisioning.machineId, machines.id))
    .leftJoin(projects, eq(projects.id, machines.projectId))
    .leftJoin(machineBmcs, eq(machineBmcs.machineId, machines.id));
}

/**
 * How many machines a list's filters match (numbered pages). The filters refer to allocation,
 * provisioning and BMC columns; all three are at most one row per machine, so the joins do not
 * change the count, and the tenant filter reads machines.projectId alone.
 */
async function countMachines(ex: Executor, where: (SQL | undefined)[]): Promise<number> {
  const [r] = await ex.select({ n: count() }).from(machines)
    .leftJoin(machineAllocations, eq(machineAllocations.machineId, machines.id))
    .leftJoin(machineProvisioning, eq(machineProvisioning.machineId, machines.id))
    .leftJoin(machineBmcs, eq(machineBmcs.machineId, machines.id))
    .where(and(...where));
  return r.n;
}

const toEventDto = (e: StoredProvisioningEvent): EventDto => ({ time: e.time.toISOString(), event: e.event, message: e.message, unexpected: e.unexpectedIn !== undefined });

function hardwareSummary(raw: unknown): MachineDto["hardware"] {
  const hw = hardwareSchema.safeParse(raw);
  if (!hw.success) return { cores: 0, memoryBytes: 0, disks: 0, gpus: 0 };
  return { cores: hw.data.cpus.reduce((n, c) => n + c.cores, 0), memoryBytes: hw.data.memoryBytes, disks: hw.data.disks.length, gpus: hw.data.gpus.length };
}

/** Never selects or returns secrets: the agent credential hash stays in machine_provisioning. */
export function toMachineDto(r: MachineDtoSource): MachineDto {
  const m = r.machine;
  const a = r.allocation;
  const c = provisioningContainerSchema.safeParse(r.container);
  const container = c.success ? c.data : null;
  return {
    powerState: r.bmcInfo?.powerState === "on" || r.bmcInfo?.powerState === "off" ? r.bmcInfo.powerState : null,
    id: m.id, partitionId: m.partitionId, rack: m.rack, sizeId: m.sizeId,
    condition: m.condition, conditionReason: m.conditionReason, liveliness: m.liveliness,
    state: m.provisioningState, crashLoop: m.crashLoop, failedReclaim: m.failedReclaim,
    failed: container?.failed ? { reason: container.failed.reason, since: container.failed.since.toISOString() } : null,
    lastEventTime: r.lastEventTime?.toISOString() ?? null,
    lastError: container?.lastErrorEvent ? toEventDto(container.lastErrorEvent) : null,
    allocation: a && {
      projectId: a.projectId, name: a.name, description: a.description, hostname: a.hostname,
      imageId: a.imageId, filesystemLayoutId: a.filesystemLayoutId,
      networks: a.networks.map((n) => ({ networkId: n.networkId, addresses: n.addresses, vrf: n.vrf, primary: n.primary })),
      asn: a.asn, succeeded: a.succeeded, reinstall: a.reinstall, tags: a.tags, allocatedAt: a.allocatedAt.toISOString(),
    },
    hardware: hardwareSummary(m.hardware),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

const projectTarget = (r: MachineRow) => ({ kind: "project", tenantId: r.tenantId!, projectId: r.machine.projectId! }) as const;

/** Operators read every machine; anyone else only machines allocated to a project they may read. */
export function canReadOwnedMachine(grants: Grant[], owner: { projectId: string | null; tenantId: string | null }): boolean {
  if (can(grants, "infra.read", { kind: "global" })) return true;
  return owner.projectId !== null && owner.tenantId !== null && can(grants, "resource.read", { kind: "project", tenantId: owner.tenantId, projectId: owner.projectId });
}

const canReadMachine = (grants: Grant[], r: MachineRow) => canReadOwnedMachine(grants, { projectId: r.machine.projectId, tenantId: r.tenantId });

/** An allocated machine is its project's; a free one is the operators'. */
export function canWriteMachine(grants: Grant[], r: MachineRow): boolean {
  if (r.machine.projectId === null || r.tenantId === null) return can(grants, "infra.write", { kind: "global" });
  return can(grants, "resource.write", projectTarget(r));
}

export async function loadMachine(ex: Executor, id: string, lock = false): Promise<MachineRow | undefined> {
  const q = selectMachines(ex).where(eq(machines.id, id)).limit(1);
  const [row] = lock ? await q.for("update", { of: machines }) : await q;
  return row;
}

export async function getReadableMachine(ex: Executor, actor: Actor, id: string, lock = false): Promise<MachineRow> {
  const row = await loadMachine(ex, id, lock);
  if (!row || !canReadMachine(actor.principal.grants, row)) throw new NotFoundError("Machine", id);
  return row;
}

/** Locked for the rest of the transaction; 404 when unreadable, 403 when read-only. */
export async function getWritableMachine(ex: Executor, actor: Actor, id: string): Promise<MachineRow> {
  const row = await getReadableMachine(ex, actor, id, true);
  if (!canWriteMachine(actor.principal.grants, row)) throw new ForbiddenError("Changing this machine needs the editor role in its project.");
  return row;
}

export const machineAudit = (r: Pick<MachineRow, "machine" | "tenantId">) => ({ targetType: "machine", targetId: r.machine.id, tenantId: r.tenantId, projectId: r.machine.projectId });

export async function getMachine(actor: Actor, id: string): Promise<MachineDto> {
  return toMachineDto(await getReadableMachine(await getDb(), actor, id));
}

/** What each machine sort key orders by; "hostname" puts free machines (no hostname) first. */
const machineSorts: Record<NonNullable<ListMachinesQuery["sort"]>, RowSortKey<MachineRow>> = {
  hostname: { expr: sql`coalesce(${machineAllocations.hostname}, '')`, value: (r) => r.allocation?.hostname ?? "" },
  state: { expr: machines.provisioningState, value: (r) => r.machine.provisioningState },
  liveliness: { expr: machines.liveliness, value: (r) => r.machine.liveliness },
  partition: { expr: machines.partitionId, value: (r) => r.machine.partitionId },
  size: { expr: sql`coalesce(${machines.sizeId}, '')`, value: (r) => r.machine.sizeId ?? "" },
  rack: { expr: machines.rack, value: (r) => r.machine.rack },
  age: { expr: machines.createdAt, cast: "timestamptz", value: (r) => r.machine.createdAt.toISOString() },
};

export async function listMachines(actor: Actor, q: ListMachinesQuery) {
  const where = machineListFilters(actor.principal.grants, q);
  if (q.page) {
    const db = await getDb();
    return numberedPage({ ...q, page: q.page }, {
      key: q.sort && machineSorts[q.sort], id: machines.id, rowId: (r) => r.machine.id, where, map: toMachineDto,
      select: (w, orderBy, limit, offset) => selectMachines(db).where(and(...w)).orderBy(...orderBy).limit(limit).offset(offset),
      count: (w) => countMachines(db, w),
    });
  }
  if (q.sort) {
    const db = await getDb();
    return sortedPage({ ...q, sort: q.sort }, {
      key: machineSorts[q.sort], id: machines.id, rowId: (r) => r.machine.id, where, map: toMachineDto,
      select: (w, orderBy, limit) => selectMachines(db).where(and(...w)).orderBy(...orderBy).limit(limit),
    });
  }
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(machines.id, String(after)));
  const rows = await selectMachines(await getDb()).where(and(...where)).orderBy(asc(machines.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.machine.id, toMachineDto);
}

/** The stored provisioning history, newest first (at most the last 100 events). */
export async function getMachineEvents(actor: Actor, id: string): Promise<{ machineId: string; state: string; items: EventDto[] }> {
  const row = await getReadableMachine(await getDb(), actor, id);
  const parsed = provisioningContainerSchema.safeParse(row.container);
  return { machineId: id, state: row.machine.provisioningState, items: parsed.success ? parsed.data.events.map(toEventDto) : [] };
}

export async function updateMachine(actor: Actor, id: string, input: z.infer<typeof updateMachineInput>, tx?: Executor): Promise<MachineDto> {
  return inTx(tx, async (t) => {
    const before = await getWritableMachine(t, actor, id);
    if (!before.allocation) throw new ConflictError(`Machine ${id} is not allocated; name, description and tags belong to an allocation.`, "not_allocated");
    await t.update(machineAllocations).set({ ...input, updatedAt: new Date() }).where(eq(machineAllocations.machineId, id));
    const after = toMachineDto((await loadMachine(t, id))!);
    await recordAudit(t, actor, { action: "machine.update", ...machineAudit(before), before: toMachineDto(before), after });
    await notifyMachineChanged(t, id);
    return after;
  });
}

async function getMachineForOperator(t: Executor, actor: Actor, id: string): Promise<MachineRow> {
  const row = await getReadableMachine(t, actor, id, true);
  if (!can(actor.principal.grants, "infra.write", { kind: "global" })) throw new ForbiddenError("Only operators can do this.");
  return row;
}

/** Lock (no free, no reinstall, no delete, never picked), taint (never picked) or release a machine. */
export async function setMachineCondition(actor: Actor, id: string, input: z.infer<typeof machineConditionInput>, tx?: Executor): Promise<MachineDto> {
  return inTx(tx, async (t) => {
    const before = await getMachineForOperator(t, actor, id);
    await t.update(machines).set({ condition: input.condition, conditionReason: input.reason, updatedAt: new Date() }).where(eq(machines.id, id));
    const after = toMachineDto((await loadMachine(t, id))!);
    // The schema has no issuer column: the audit entry's actor is the issuer of record.
    await recordAudit(t, actor, {
      action: "machine.condition", ...machineAudit(before),
      before: { condition: before.machine.condition, reason: before.machine.conditionReason },
      after: { condition: input.condition, reason: input.reason, issuer: actor.principal.name },
    });
    await notifyMachineChanged(t, id);
    return after;
  });
}

/** Removes the machine record; only a free machine that is Dead and not LOCKED. */
export async function deleteMachine(actor: Actor, id: string, tx?: Executor): Promise<void> {
  await inTx(tx, async (t) => {
    const before = await getMachineForOperator(t, actor, id);
    const m = before.machine;
    if (m.condition === "LOCKED") throw new ConflictError(`Machine ${id} is LOCKED (${m.conditionReason || "no reason given"}); unlock it first.`, "machine_locked");
    if (m.projectId) throw new ConflictError(`Machine ${id} is allocated; free it first.`, "machine_allocated");
    if (m.liveliness !== "Dead") throw new ConflictError(`Machine ${id} is ${m.liveliness}; only Dead machines can be deleted.`, "machine_not_dead");
    await t.delete(machines).where(eq(machines.id, id)); // provisioning cascades
    await recordAudit(t, actor, { action: "machine.delete", ...machineAudit(before), before: toMachineDto(before) });
    await notifyMachineChanged(t, id); // open pages drop it from their lists
  });
}

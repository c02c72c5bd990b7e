import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import type { SwitchDetailDto, SwitchDto, SwitchPortDto, UpdateSwitchInput } from "@/lib/contracts/switches";
import { getDb, type Executor } from "@/lib/db/client";
import { machineConnections, switchPorts, switches } from "@/lib/db/schema";
import { desiredSwitchState } from "@/lib/domain/fabric/desired";
import { defaultVrfName } from "@/lib/domain/fabric/render-leaf";
import type { AdminState } from "@/lib/domain/fabric/types";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import { getSwitchRow, loadFabricFacts, type SwitchRow } from "./facts";
import { notifySwitchChanged } from "./notify";

/** Switches are infrastructure: operators only (infra.read / infra.write). */
export function assertInfraRead(actor: Actor): void {
  if (!can(actor.principal.grants, "infra.read", { kind: "global" })) throw new ForbiddenError("Only operators can see switches.");
}
function assertInfraWrite(actor: Actor): void {
  if (!can(actor.principal.grants, "infra.write", { kind: "global" })) throw new ForbiddenError("Only operators can change switches.");
}

/** A switch whose agent has not reported for this long is "not synced" (FABRIC §6). */
export const NOT_SYNCED_AFTER_MS = 60_000;

export function switchIssuesOf(r: SwitchRow, now = Date.now()): SwitchDto["issues"] {
  const issues: SwitchDto["issues"] = [];
  if (!r.lastSyncAt || now - r.lastSyncAt.getTime() > NOT_SYNCED_AFTER_MS) issues.push("notSynced");
  if (r.syncFailed) issues.push("syncFailed");
  return issues;
}

export function toSwitchDto(r: SwitchRow, counts: { ports: number; machines: number }): SwitchDto {
  return {
    id: r.id, partitionId: r.partitionId, rack: r.rack, description: r.description,
    os: { vendor: r.osVendor, version: r.osVersion }, agentVersion: r.agentVersion, managementAddress: r.managementAddress,
    mode: r.mode, asn: r.asn, routerId: r.routerId, portCount: counts.ports, connectedMachines: counts.machines,
    lastSync: r.lastSyncAt ? { time: r.lastSyncAt.toISOString(), durationMs: r.lastSyncDurationMs ?? 0 } : null,
    lastError: r.lastError && r.lastErrorAt ? { time: r.lastErrorAt.toISOString(), message: r.lastError } : null,
    issues: switchIssuesOf(r),
    createdAt: r.createdAt.toISOString(),
  };
}

async function countsOf(ex: Executor, ids: string[]): Promise<Map<string, { ports: number; machines: number }>> {
  if (!ids.length) return new Map();
  const ports = await ex.select({ id: switchPorts.switchId, n: count() }).from(switchPorts).where(inArray(switchPorts.switchId, ids)).groupBy(switchPorts.switchId);
  const machines = await ex.select({ id: machineConnections.switchId, n: count() }).from(machineConnections).where(inArray(machineConnections.switchId, ids)).groupBy(machineConnections.switchId);
  const out = new Map(ids.map((id) => [id, { ports: 0, machines: 0 }]));
  for (const p of ports) out.get(p.id)!.ports = p.n;
  for (const m of machines) out.get(m.id)!.machines = m.n;
  return out;
}

export async function listSwitches(actor: Actor, q: { partitionId?: string; rack?: string; issue?: SwitchDto["issues"][number] }): Promise<{ items: SwitchDto[] }> {
  assertInfraRead(actor);
  const db = await getDb();
  const where = and(q.partitionId ? eq(switches.partitionId, q.partitionId) : undefined, q.rack ? eq(switches.rack, q.rack) : undefined);
  const rows = await db.select().from(switches).where(where).orderBy(asc(switches.partitionId), asc(switches.rack), asc(switches.id));
  const counts = await countsOf(db, rows.map((r) => r.id));
  const items = rows.map((r) => toSwitchDto(r, counts.get(r.id)!));
  return { items: q.issue ? items.filter((s) => s.issues.includes(q.issue!)) : items };
}

/** The port table (FABRIC §6): desired (computed) next to actual (reported). */
export async function getSwitch(actor: Actor, id: string, tx?: Executor): Promise<SwitchDetailDto> {
  assertInfraRead(actor);
  const db = tx ?? (await getDb());
  const loaded = await loadFabricFacts(db, await getSwitchRow(db, id));
  const { state } = desiredSwitchState(loaded.facts);
  const desired = new Map(state.ports.map((p) => [p.name, p]));
  const vrfs = new Map(state.vrfs.map((v) => [v.vni, v]));
  const nicOf = new Map(loaded.connections.map((c) => [c.port, c]));
  const ports: SwitchPortDto[] = loaded.ports.map((p) => {
    const d = desired.get(p.name)!;
    const vrf = d.vni !== null ? vrfs.get(d.vni) : undefined;
    const filter = d.role === "firewall" ? [...d.firewallPrefixes.ipv4, ...d.firewallPrefixes.ipv6] : vrf ? [...vrf.prefixes.ipv4, ...vrf.prefixes.ipv6] : [];
    return {
      name: p.name, mac: p.mac, identifier: p.identifier, role: d.role,
      machineId: nicOf.get(p.name)?.machineId ?? null, nic: nicOf.get(p.name)?.nicName ?? null,
      vrf: d.vni !== null ? defaultVrfName(d.vni) : null, vni: d.vni, vlan: vrf?.vlan ?? null,
      filter: { prefixes: filter, vnis: d.firewallVnis },
      desiredAdminState: p.desiredAdminState, operState: p.operState, bgp: p.bgp ?? null,
    };
  });
  return { ...toSwitchDto(loaded.row, { ports: ports.length, machines: loaded.connections.length }), ports };
}

export async function updateSwitch(actor: Actor, id: string, input: UpdateSwitchInput): Promise<SwitchDetailDto> {
  assertInfraWrite(actor);
  return inTx(undefined, async (t) => {
    const before = await getSwitchRow(t, id, "update");
    const set = { ...(input.description !== undefined ? { description: input.description } : {}), ...(input.mode ? { mode: input.mode } : {}), updatedAt: new Date() };
    await t.update(switches).set(set).where(eq(switches.id, id));
    await recordAudit(t, actor, { action: "switch.update", targetType: "switch", targetId: id, before: { description: before.description, mode: before.mode }, after: input });
    await notifySwitchChanged(t, id);
    return getSwitch(actor, id, t);
  });
}

/** Desired admin state of one port; the agent applies it and reports the actual state separately. */
export async function setPortAdminState(actor: Actor, id: string, port: string, adminState: AdminState): Promise<SwitchPortDto> {
  assertInfraWrite(actor);
  return inTx(undefined, async (t) => {
    await getSwitchRow(t, id, "update");
    const [before] = await t.select({ state: switchPorts.desiredAdminState }).from(switchPorts).where(and(eq(switchPorts.switchId, id), eq(switchPorts.name, port))).limit(1);
    if (!before) throw new NotFoundError("Switch port", `${id}/${port}`);
    await t.update(switchPorts).set({ desiredAdminState: adminState }).where(and(eq(switchPorts.switchId, id), eq(switchPorts.name, port)));
    await recordAudit(t, actor, { action: "switch.port.update", targetType: "switch", targetId: id, before: { port, adminState: before.state }, after: { port, adminState } });
    await notifySwitchChanged(t, id);
    return (await getSwitch(actor, id, t)).ports.find((p) => p.name === port)!;
  });
}

/** Refused while machines are cabled to it, unless forced (their connections go with it). */
export async function deleteSwitch(actor: Actor, id: string, force: boolean): Promise<void> {
  assertInfraWrite(actor);
  await inTx(undefined, async (t) => {
    const row = await getSwitchRow(t, id, "update");
    const [{ n }] = await t.select({ n: count() }).from(machineConnections).where(eq(machineConnections.switchId, id));
    if (n > 0 && !force) throw new ConflictError(`Switch ${id} has ${n} machine connection(s); delete it with force=true to drop them too.`, "switch_connected", { connections: n });
    await t.delete(machineConnections).where(eq(machineConnections.switchId, id));
    await t.delete(switches).where(eq(switches.id, id));
    await recordAudit(t, actor, { action: "switch.delete", targetType: "switch", targetId: id, before: { partitionId: row.partitionId, rack: row.rack, connections: n }, after: { force } });
    await notifySwitchChanged(t, id);
  });
}

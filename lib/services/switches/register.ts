import { and, eq } from "drizzle-orm";
import { type RegisterSwitchDto, type RegisterSwitchInput, SWITCH_CREDENTIAL_PREFIX } from "@/lib/contracts/switches";
import type { Executor, Tx } from "@/lib/db/client";
import { machineConnections, switchPorts, switches } from "@/lib/db/schema";
import { matchPortName } from "@/lib/domain/fabric/port-names";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/http/errors";
import { recordAudit } from "../audit";
import { type AgentPrincipal, agentActor } from "../machines/agent-auth";
import { generateAgentSecret } from "../machines/agent-secrets";
import { inTx } from "../tx";
import { type PortRow, type SwitchRow } from "./facts";
import { notifySwitchChanged } from "./notify";

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** A report with two ports of one name or one MAC is a broken agent or inventory: 422, naming them. */
function assertDistinctPorts(input: RegisterSwitchInput): void {
  const names = duplicates(input.ports.map((p) => p.name));
  const macs = duplicates(input.ports.map((p) => p.mac));
  const errors = [
    ...(names.length ? [{ field: "body.ports", message: `duplicate port names: ${names.join(", ")}` }] : []),
    ...(macs.length ? [{ field: "body.ports", message: `duplicate port MACs: ${macs.join(", ")}` }] : []),
  ];
  if (errors.length) throw new ValidationError(errors);
}

/** An operational switch registers again with the ports it has; other ports need replace mode. */
function assertSamePorts(existing: PortRow[], input: RegisterSwitchInput): void {
  const known = new Set(existing.map((p) => p.name));
  const reported = new Set(input.ports.map((p) => p.name));
  const unknown = [...reported].filter((n) => !known.has(n));
  const gone = [...known].filter((n) => !reported.has(n));
  if (unknown.length || gone.length) {
    const what = [unknown.length ? `unknown ports ${unknown.join(", ")}` : "", gone.length ? `missing ports ${gone.join(", ")}` : ""].filter(Boolean).join("; ");
    throw new ValidationError([{ field: "body.ports", message: `${what}: an operational switch keeps its ports; to swap the hardware, set the switch to replace mode first` }]);
  }
}

/**
 * Replace mode (FABRIC §6): the new hardware takes over the old one's port configuration and
 * connections by port name (also across OS naming schemes, port-names.ts).
 */
async function takeOver(t: Tx, id: string, old: PortRow[], input: RegisterSwitchInput): Promise<Map<string, string>> {
  const newNames = new Set(input.ports.map((p) => p.name));
  const mapping = new Map<string, string>();
  for (const p of old) {
    const to = matchPortName(p.name, newNames);
    if (to) mapping.set(p.name, to);
  }
  for (const [from, to] of mapping) {
    if (from !== to) await t.update(machineConnections).set({ port: to }).where(and(eq(machineConnections.switchId, id), eq(machineConnections.port, from)));
  }
  return mapping;
}

async function writePorts(t: Tx, id: string, input: RegisterSwitchInput, adminStates: Map<string, PortRow["desiredAdminState"]>): Promise<void> {
  await t.delete(switchPorts).where(eq(switchPorts.switchId, id));
  await t.insert(switchPorts).values(input.ports.map((p, position) => ({
    switchId: id, name: p.name, position, mac: p.mac, identifier: p.identifier, uplink: p.uplink, desiredAdminState: adminStates.get(p.name) ?? "up",
  })));
}

type How = "register" | "reregister" | "replace";

async function assertMayRegister(agent: AgentPrincipal, input: RegisterSwitchInput, existing: SwitchRow | undefined): Promise<How> {
  if (!existing) return "register";
  if (existing.partitionId !== agent.partitionId) {
    throw new ConflictError(`switch ${input.id} is registered in partition ${existing.partitionId}, not in this credential's partition ${agent.partitionId}.`, "switch_in_other_partition");
  }
  if (existing.mode === "replace") return "replace";
  if (agent.switchId === input.id) return "reregister";
  throw new ForbiddenError(`switch ${input.id} is already registered: register with its own switch credential, or have an operator set it to replace mode for new hardware.`, "switch_registered");
}

/**
 * Registration of a switch (id = hostname) in the credential's partition, with the partition
 * boot credential (new switch, or replace mode) or its own credential (re-registration). Issues
 * a new switch credential every time; one transaction with its audit entry.
 */
export async function registerSwitch(agent: AgentPrincipal, input: RegisterSwitchInput, opts: { requestId?: string } = {}, tx?: Executor): Promise<RegisterSwitchDto> {
  if (agent.machineId !== undefined) throw new ForbiddenError("A machine credential cannot register a switch.");
  if (agent.switchId !== undefined && agent.switchId !== input.id) throw new ForbiddenError("This switch credential belongs to another switch.");
  assertDistinctPorts(input);
  return inTx(tx, async (t) => {
    const [existing] = await t.select().from(switches).where(eq(switches.id, input.id)).limit(1).for("update");
    const how = await assertMayRegister(agent, input, existing);
    const oldPorts = existing ? await t.select().from(switchPorts).where(eq(switchPorts.switchId, input.id)) : [];
    const adminStates = new Map<string, PortRow["desiredAdminState"]>();
    let takenOver: Record<string, string> | undefined;
    if (how === "reregister") {
      assertSamePorts(oldPorts, input);
      for (const p of oldPorts) adminStates.set(p.name, p.desiredAdminState);
    } else if (how === "replace") {
      const mapping = await takeOver(t, input.id, oldPorts, input);
      for (const p of oldPorts) if (mapping.has(p.name)) adminStates.set(mapping.get(p.name)!, p.desiredAdminState);
      takenOver = Object.fromEntries(mapping);
    }
    const credential = generateAgentSecret(SWITCH_CREDENTIAL_PREFIX);
    const now = new Date();
    const values = {
      partitionId: agent.partitionId, rack: input.rack.toLowerCase(), osVendor: input.os.vendor, osVersion: input.os.version, agentVersion: input.agentVersion,
      managementAddress: input.managementAddress, managementInterface: input.managementInterface, asn: input.asn, routerId: input.routerId,
      credentialHash: credential.hash, mode: "operational" as const, updatedAt: now,
    };
    if (existing) {
      // A replaced switch starts with a clean status: the old hardware's reports say nothing about the new.
      const status = how === "replace" ? { lastSyncAt: null, lastSyncDurationMs: null, lastSyncVersion: null, lastError: null, lastErrorAt: null, syncFailed: false } : {};
      await t.update(switches).set({ ...values, ...status }).where(eq(switches.id, input.id));
    } else {
      await t.insert(switches).values({ id: input.id, description: input.description, ...values });
    }
    await writePorts(t, input.id, input, adminStates);
    await recordAudit(t, agentActor(agent, opts.requestId), {
      action: `switch.${how}`, targetType: "switch", targetId: input.id,
      before: existing ? { rack: existing.rack, mode: existing.mode, ports: oldPorts.length } : undefined,
      after: { partitionId: agent.partitionId, rack: values.rack, ports: input.ports.length, credentialIssued: true, ...(takenOver ? { takenOver } : {}) },
    });
    await notifySwitchChanged(t, input.id);
    return { switchId: input.id, partitionId: agent.partitionId, mode: "operational", credential: credential.secret };
  });
}

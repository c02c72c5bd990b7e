import { and, eq } from "drizzle-orm";
import type { BgpSessionReport, SwitchStatusInput } from "@/lib/contracts/switches";
import type { Executor } from "@/lib/db/client";
import { machineConnections, switchPorts, switches } from "@/lib/db/schema";
import { ValidationError } from "@/lib/http/errors";
import type { AgentPrincipal } from "../machines/agent-auth";
import { notifyMachineChanged } from "../machines/notify";
import { inTx } from "../tx";
import { assertOwnSwitch } from "./desired";
import { getSwitchRow } from "./facts";
import { notifySwitchChanged } from "./notify";

/** The BGP session of a port: BGP unnumbered names the neighbour by the port's interface. */
function sessionsByPort(bgp: BgpSessionReport[], ports: Set<string>): Map<string, BgpSessionReport> {
  return new Map(bgp.filter((s) => ports.has(s.neighbour)).map((s) => [s.neighbour, s]));
}

// Prefix counts too: a machine announcing what it may not (received > accepted) must show.
const bgpKey = (s: BgpSessionReport | null | undefined) => (s ? `${s.state}|${s.vrf}|${s.establishedSince}|${s.prefixesReceived}|${s.prefixesAccepted}` : "");

/**
 * The agent's report after each sync: sync time, duration and error, each port's operational
 * state and each BGP session. Unknown ports are refused (422) rather than stored. Not audited
 * (one every few seconds per switch); changes notify the live UI, and machines whose uplink
 * changed are notified too, so their pages update.
 */
export async function reportSwitchStatus(agent: AgentPrincipal, switchId: string, input: SwitchStatusInput, tx?: Executor): Promise<{ ok: true }> {
  assertOwnSwitch(agent, switchId);
  return inTx(tx, async (t) => {
    const row = await getSwitchRow(t, switchId, "no key update");
    const ports = await t.select().from(switchPorts).where(eq(switchPorts.switchId, switchId));
    const names = new Set(ports.map((p) => p.name));
    const unknown = input.ports.map((p) => p.name).filter((n) => !names.has(n));
    if (unknown.length) throw new ValidationError([{ field: "body.ports", message: `unknown ports of switch ${switchId}: ${unknown.slice(0, 10).join(", ")}` }]);
    const now = new Date();
    const failed = input.sync.error !== null;
    await t.update(switches).set({
      lastSyncAt: now, lastSyncDurationMs: input.sync.durationMs, syncFailed: failed,
      ...(input.sync.version ? { lastSyncVersion: input.sync.version } : {}),
      ...(failed ? { lastError: input.sync.error, lastErrorAt: now } : {}),
    }).where(eq(switches.id, switchId));
    const oper = new Map(input.ports.map((p) => [p.name, p.operState]));
    const sessions = sessionsByPort(input.bgp, names);
    const changedPorts: string[] = [];
    for (const p of ports) {
      const operState = oper.get(p.name) ?? p.operState;
      const bgp = sessions.get(p.name) ?? null;
      if (operState === p.operState && bgpKey(bgp) === bgpKey(p.bgp)) continue;
      changedPorts.push(p.name);
      await t.update(switchPorts).set({ operState, bgp, statusAt: now }).where(and(eq(switchPorts.switchId, switchId), eq(switchPorts.name, p.name)));
    }
    if (changedPorts.length || failed !== row.syncFailed || input.sync.error !== row.lastError) await notifySwitchChanged(t, switchId);
    if (changedPorts.length) {
      const cabled = await t.select({ machineId: machineConnections.machineId, port: machineConnections.port }).from(machineConnections).where(eq(machineConnections.switchId, switchId));
      const changed = new Set(changedPorts);
      for (const id of new Set(cabled.filter((c) => changed.has(c.port)).map((c) => c.machineId))) await notifyMachineChanged(t, id);
    }
    return { ok: true as const };
  });
}

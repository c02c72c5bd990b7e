import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DesiredSwitchDto } from "@/lib/contracts/switches";
import { getDb, type Executor } from "@/lib/db/client";
import { switchVlans } from "@/lib/db/schema";
import { desiredSwitchState } from "@/lib/domain/fabric/desired";
import type { DesiredSwitchState } from "@/lib/domain/fabric/types";
import { VlansExhaustedError } from "@/lib/domain/fabric/vlans";
import { ConflictError, ForbiddenError } from "@/lib/http/errors";
import type { AgentPrincipal } from "../machines/agent-auth";
import { inTx } from "../tx";
import { getSwitchRow, loadFabricFacts } from "./facts";
import { subscribeSwitch } from "./notify";

/** The version the agent compares: a hash of the state (its keys are in a fixed order by construction). */
export function desiredVersion(state: DesiredSwitchState): string {
  return createHash("sha256").update(JSON.stringify(state)).digest("hex").slice(0, 32);
}

function sameVlans(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  return a.size === b.size && [...a].every(([vni, vlan]) => b.get(vni) === vlan);
}

function compute(facts: Parameters<typeof desiredSwitchState>[0]) {
  try {
    return desiredSwitchState(facts);
  } catch (err) {
    if (err instanceof VlansExhaustedError) throw new ConflictError(err.message, "vlans_exhausted");
    throw err;
  }
}

/**
 * The switch's desired state. Computed on a read; only when its VNIs need VLANs other than
 * those reserved does it write, in one transaction that locks the switch row (lock order: the
 * switch after any machine) and computes again from what it then reads.
 */
export async function computeDesired(switchId: string, tx?: Executor): Promise<{ state: DesiredSwitchState; machineIds: Set<string> }> {
  const db = tx ?? (await getDb());
  const loaded = await loadFabricFacts(db, await getSwitchRow(db, switchId));
  const first = compute(loaded.facts);
  const machineIds = new Set(loaded.connections.map((c) => c.machineId));
  if (sameVlans(first.vlans, loaded.facts.switch.vlans)) return { state: first.state, machineIds };
  return inTx(tx, async (t) => {
    const again = await loadFabricFacts(t, await getSwitchRow(t, switchId, "update"));
    const out = compute(again.facts);
    if (!sameVlans(out.vlans, again.facts.switch.vlans)) {
      await t.delete(switchVlans).where(eq(switchVlans.switchId, switchId));
      if (out.vlans.size) await t.insert(switchVlans).values([...out.vlans].map(([vni, vlan]) => ({ switchId, vni, vlan })));
    }
    return { state: out.state, machineIds: new Set(again.connections.map((c) => c.machineId)) };
  });
}

export function assertOwnSwitch(agent: AgentPrincipal, switchId: string): void {
  if (agent.switchId === undefined) throw new ForbiddenError("This call needs the switch's own credential (msc_…, issued at switch registration).", "switch_credential_required");
  if (agent.switchId !== switchId) throw new ForbiddenError("This switch credential belongs to another switch.");
}

/**
 * The agent's long poll: answers at once when the desired state's version differs from the
 * one the agent has (`known`), else when it changes (the switch, or a machine cabled to it) or
 * at the timeout, with the state as it then is.
 */
export async function waitForDesired(agent: AgentPrincipal, switchId: string, opts: { known?: string; timeoutMs: number; signal?: AbortSignal }): Promise<DesiredSwitchDto> {
  assertOwnSwitch(agent, switchId);
  const deadline = Date.now() + opts.timeoutMs;
  let watched = new Set<string>();
  for (;;) {
    const subscription = await subscribeSwitch(switchId, watched);
    try {
      const { state, machineIds } = await computeDesired(switchId);
      const version = desiredVersion(state);
      const remaining = deadline - Date.now();
      const sameWatch = machineIds.size === watched.size && [...machineIds].every((m) => watched.has(m));
      if (version !== opts.known || remaining <= 0 || opts.signal?.aborted) return { version, state };
      // The set of cabled machines was not known when subscribing: subscribe again with it.
      if (!sameWatch) {
        watched = machineIds;
        continue;
      }
      if (!(await subscription.changed(remaining, opts.signal))) return { version, state };
    } finally {
      subscription.close();
    }
  }
}

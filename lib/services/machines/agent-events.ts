import type { MachineEventInput, MachineEventResultDto } from "@/lib/contracts/agent";
import { dropQueuedReclaimReboots } from "../bmc/commands";
import { inTx } from "../tx";
import { type AgentPrincipal, getMachineForAgent } from "./agent-auth";
import { recordMachineEvent } from "./events";
import { lockCurrentInstall } from "./install-generation";

/** Events only an agent running in the install environment sends (it needs no reclaim reboot any more). */
const fromInstallEnvironment = new Set<string>(["Preparing", "Registering", "Waiting", "Installing"]);

/**
 * Events from the agent: its own machine credential, or the partition boot credential of the
 * machine's partition (the agent sends Preparing and Registering before it has registered).
 * An event about an install (Installing, Booting New Kernel, a Crashed during an install) names
 * it by generation and is refused (409 stale_allocation) when it is not the machine's current one.
 * An event from the install environment drops the reclaim reboots still queued for the machine
 * (dropQueuedReclaimReboots), in the same transaction.
 */
export async function postAgentEvent(agent: AgentPrincipal, machineId: string, input: MachineEventInput): Promise<MachineEventResultDto> {
  return inTx(undefined, async (t) => {
    await getMachineForAgent(t, agent, machineId, "machine-or-partition-credential");
    if (input.generation !== undefined) await lockCurrentInstall(t, machineId, input.generation);
    const result = await recordMachineEvent(t, machineId, { event: input.event, message: input.message });
    if (fromInstallEnvironment.has(input.event)) await dropQueuedReclaimReboots(t, machineId, input.event);
    return result;
  });
}

/**
 * The installed OS reports in, with the machine credential the agent left on the machine. It
 * names no install on purpose: it tells which OS booted, not how an install went, and the old OS
 * of a freed machine phoning home (it booted from disk instead of PXE) is exactly what the
 * lifecycle needs to hear to flag a failed reclaim.
 */
export async function phoneHome(agent: AgentPrincipal, machineId: string): Promise<MachineEventResultDto> {
  return inTx(undefined, async (t) => {
    await getMachineForAgent(t, agent, machineId, "machine-credential");
    return recordMachineEvent(t, machineId, { event: "Phoned Home" });
  });
}

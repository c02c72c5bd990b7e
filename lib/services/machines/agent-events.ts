import type { MachineEventInput, MachineEventResultDto } from "@/lib/contracts/agent";
import { inTx } from "../tx";
import { type AgentPrincipal, getMachineForAgent } from "./agent-auth";
import { recordMachineEvent } from "./events";

/**
 * Events from the agent: its own machine credential, or the partition boot credential of the
 * machine's partition (the agent sends Preparing and Registering before it has registered).
 */
export async function postAgentEvent(agent: AgentPrincipal, machineId: string, input: MachineEventInput): Promise<MachineEventResultDto> {
  return inTx(undefined, async (t) => {
    await getMachineForAgent(t, agent, machineId, "machine-or-partition-credential");
    return recordMachineEvent(t, machineId, input);
  });
}

/** The installed OS reports in, with the machine credential the agent left on the machine. */
export async function phoneHome(agent: AgentPrincipal, machineId: string): Promise<MachineEventResultDto> {
  return inTx(undefined, async (t) => {
    await getMachineForAgent(t, agent, machineId, "machine-credential");
    return recordMachineEvent(t, machineId, { event: "Phoned Home" });
  });
}

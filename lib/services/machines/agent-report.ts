import { and, eq } from "drizzle-orm";
import type { InstallReportDto, InstallReportInput } from "@/lib/contracts/agent";
import { machineAllocations } from "@/lib/db/schema";
import { bmcPlans, enqueueBmcCommands } from "../bmc/commands";
import { inTx } from "../tx";
import { type AgentPrincipal, getMachineForAgent } from "./agent-auth";
import { recordMachineEvent } from "./events";
import { lockCurrentInstall } from "./install-generation";
import { notifyMachineChanged } from "./notify";

/**
 * The agent's install result, for the install its `generation` names; 409 `stale_allocation`
 * when that is not the machine's current install (freed, allocated again or reinstalled since),
 * and nothing is recorded.
 * - Success: the boot info is stored, the install counts as done (succeeded), a reinstall is over,
 *   and the BMC is told to boot from disk from now on (the agent kexecs; later reboots use the disk).
 * - Failure: a Crashed event with the agent's message. On a reinstall the previous installation's
 *   boot info is restored and the reinstall is over: the disks the reinstall did not wipe still
 *   hold the old OS, and a failed reinstall must never turn into a fresh install that wipes them
 *   (the agent boots the returned boot info instead). A failed first install stays pending, so
 *   the agent retries it after its reboot.
 *
 * Lock order: the machines row (lockCurrentInstall), then the allocation, then the provisioning
 * row (Crashed) and the BMC command rows — the order free and allocation use, so a report and a
 * free of the same machine queue up instead of deadlocking.
 */
export async function reportInstall(agent: AgentPrincipal, machineId: string, input: InstallReportInput, now: Date = new Date()): Promise<InstallReportDto> {
  return inTx(undefined, async (t) => {
    await getMachineForAgent(t, agent, machineId, "machine-credential");
    const allocation = await lockCurrentInstall(t, machineId, input.generation);
    const thisInstall = and(eq(machineAllocations.machineId, machineId), eq(machineAllocations.generation, input.generation));
    if (input.success) {
      await t.update(machineAllocations)
        .set({ bootInfo: input.bootInfo, succeeded: true, reinstall: false, previousBootInfo: null, updatedAt: now })
        .where(thisInstall);
      await enqueueBmcCommands(t, machineId, bmcPlans.installed, "installed", null, now);
      await notifyMachineChanged(t, machineId);
      return { bootInfo: input.bootInfo };
    }
    await recordMachineEvent(t, machineId, { event: "Crashed", message: input.message }, now);
    if (!allocation.reinstall) return { bootInfo: null };
    const restored = allocation.previousBootInfo ?? null;
    await t.update(machineAllocations)
      .set({ bootInfo: restored, previousBootInfo: null, reinstall: false, succeeded: restored !== null, updatedAt: now })
      .where(thisInstall);
    return { bootInfo: restored };
  });
}

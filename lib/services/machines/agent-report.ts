import { eq } from "drizzle-orm";
import type { InstallReportDto, InstallReportInput } from "@/lib/contracts/agent";
import { machineAllocations } from "@/lib/db/schema";
import { ConflictError } from "@/lib/http/errors";
import { bmcPlans, enqueueBmcCommands } from "../bmc/commands";
import { inTx } from "../tx";
import { type AgentPrincipal, getMachineForAgent } from "./agent-auth";
import { recordMachineEvent } from "./events";
import { notifyMachineChanged } from "./notify";

/**
 * The agent's install result.
 * - Success: the boot info is stored, the install counts as done (succeeded), a reinstall is over,
 *   and the BMC is told to boot from disk from now on (the agent kexecs; later reboots use the disk).
 * - Failure: a Crashed event with the agent's message. On a reinstall the previous installation's
 *   boot info is restored and the reinstall is over: the disks the reinstall did not wipe still
 *   hold the old OS, and a failed reinstall must never turn into a fresh install that wipes them
 *   (the agent boots the returned boot info instead). A failed first install stays pending, so
 *   the agent retries it after its reboot.
 */
export async function reportInstall(agent: AgentPrincipal, machineId: string, input: InstallReportInput, now: Date = new Date()): Promise<InstallReportDto> {
  return inTx(undefined, async (t) => {
    await getMachineForAgent(t, agent, machineId, "machine-credential");
    if (!input.success) {
      // recordMachineEvent locks the machines row first: same lock order as allocation and free.
      await recordMachineEvent(t, machineId, { event: "Crashed", message: input.message }, now);
    }
    const [allocation] = await t.select().from(machineAllocations).where(eq(machineAllocations.machineId, machineId)).limit(1).for("update");
    if (!allocation) {
      if (!input.success) return { bootInfo: null };
      throw new ConflictError(`machine ${machineId} is not allocated: there is no install to report.`, "not_allocated");
    }
    if (input.success) {
      await t.update(machineAllocations)
        .set({ bootInfo: input.bootInfo, succeeded: true, reinstall: false, previousBootInfo: null, updatedAt: now })
        .where(eq(machineAllocations.machineId, machineId));
      await enqueueBmcCommands(t, machineId, bmcPlans.installed, "installed", null, now);
      await notifyMachineChanged(t, machineId);
      return { bootInfo: input.bootInfo };
    }
    if (!allocation.reinstall) return { bootInfo: null };
    const restored = allocation.previousBootInfo ?? null;
    await t.update(machineAllocations)
      .set({ bootInfo: restored, previousBootInfo: null, reinstall: false, succeeded: restored !== null, updatedAt: now })
      .where(eq(machineAllocations.machineId, machineId));
    return { bootInfo: restored };
  });
}

import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { MachineDto } from "@/lib/contracts/machines";
import type { Executor } from "@/lib/db/client";
import { filesystemLayouts, machineAllocations, machines, nextAllocationGeneration } from "@/lib/db/schema";
import { ConflictError } from "@/lib/http/errors";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import { assertLayoutAcceptsReinstall, resolveMachineImage } from "./allocation-checks";
import { bmcPlans, enqueueBmcCommands } from "../bmc/commands";
import { recordControlPlaneEvent } from "./allocation-events";
import { getWritableMachine, loadMachine, machineAudit, toMachineDto } from "./machines";
import { notifyMachineChanged } from "./notify";

/**
 * DOMAIN §3.3 reinstall: a new image on the same allocation (same IPs, ASN, layout). The image
 * passes the allocation checks again. "Planned Reboot" is recorded first, so the PXE Booting
 * that follows is a valid transition rather than crash-loop evidence. The agent gets
 * reinstall=true (keep disks not marked wipeOnReinstall); the current boot info is kept as
 * previousBootInfo, which the report restores if the reinstall fails, so a failed reinstall
 * never loses the working OS. The BMC commands PXE + power cycle are queued to run on commit.
 */
export async function reinstallMachine(actor: Actor, id: string, input: { image: string }, tx?: Executor): Promise<MachineDto> {
  return inTx(tx, async (t) => {
    const before = await getWritableMachine(t, actor, id);
    const { machine: m, allocation } = before;
    if (!allocation) throw new ConflictError(`Machine ${id} is not allocated; only allocated machines can be reinstalled.`, "not_allocated");
    if (m.condition === "LOCKED") throw new ConflictError(`Machine ${id} is LOCKED (${m.conditionReason || "no reason given"}); an operator must unlock it before it can be reinstalled.`, "machine_locked");
    const image = await resolveMachineImage(t, input.image, m.sizeId ?? "");
    const [layout] = await t.select().from(filesystemLayouts).where(eq(filesystemLayouts.id, allocation.filesystemLayoutId)).limit(1);
    assertLayoutAcceptsReinstall(layout, image);
    await recordControlPlaneEvent(t, id, "Planned Reboot", "reinstall");
    await enqueueBmcCommands(t, id, bmcPlans.reinstall, "reinstall", actor);
    const now = new Date();
    await t.update(machineAllocations).set({
      imageId: image.id, reinstall: true, succeeded: false, previousBootInfo: allocation.bootInfo, updatedAt: now,
      // A new install: messages of an install still running for the old generation are refused.
      generation: nextAllocationGeneration,
    }).where(eq(machineAllocations.machineId, id));
    await t.update(machines).set({ imageId: image.id, updatedAt: now }).where(eq(machines.id, id));
    const after = toMachineDto((await loadMachine(t, id))!);
    await recordAudit(t, actor, { action: "machine.reinstall", ...machineAudit(before), before: toMachineDto(before), after });
    await notifyMachineChanged(t, id);
    return after;
  });
}

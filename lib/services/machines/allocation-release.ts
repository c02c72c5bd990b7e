import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { MachineDto } from "@/lib/contracts/machines";
import type { Executor } from "@/lib/db/client";
import { ips, machineAllocations, machines } from "@/lib/db/schema";
import { ConflictError } from "@/lib/http/errors";
import { releaseAsn } from "@/lib/services/ipam/pools";
import { releaseIpInTx } from "@/lib/services/networks/ips";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import { bmcPlans, enqueueBmcCommands } from "../bmc/commands";
import { recordControlPlaneEvent } from "./allocation-events";
import { getWritableMachine, loadMachine, machineAudit, toMachineDto } from "./machines";
import { notifyMachineChanged } from "./notify";

/**
 * DOMAIN §3.3 free, in one transaction: refused while LOCKED; ephemeral IPs go back to the
 * IPAM, static IPs stay with the project (detached); the ASN returns to its pool; the
 * allocation is deleted; "Machine Reclaim" is recorded; the BMC commands LED off and PXE + reset
 * are queued (they run once this commits), so the machine PXE-boots, its agent wipes the disks
 * and it returns to Waiting.
 *
 * Freeing an unallocated machine (operators only) records a new Machine Reclaim, which is how a
 * stuck or failed-reclaim machine is sent through the reclaim again.
 */
export async function freeMachine(actor: Actor, id: string, tx?: Executor): Promise<MachineDto> {
  return inTx(tx, async (t) => {
    const before = await getWritableMachine(t, actor, id);
    const m = before.machine;
    if (m.condition === "LOCKED") throw new ConflictError(`Machine ${id} is LOCKED (${m.conditionReason || "no reason given"}); an operator must unlock it before it can be freed.`, "machine_locked");
    const attached = await t.select().from(ips).where(eq(ips.machineId, id)).for("update");
    for (const ip of attached) {
      if (ip.kind === "static") await t.update(ips).set({ machineId: null, updatedAt: new Date() }).where(eq(ips.id, ip.id));
      else await releaseIpInTx(t, ip);
    }
    if (before.allocation) {
      await releaseAsn(t, before.allocation.asn);
      await t.delete(machineAllocations).where(eq(machineAllocations.machineId, id));
    }
    await t.update(machines).set({ projectId: null, imageId: null, filesystemLayoutId: null, updatedAt: new Date() }).where(eq(machines.id, id));
    await recordControlPlaneEvent(t, id, "Machine Reclaim", `freed by ${actor.principal.name}`);
    await enqueueBmcCommands(t, id, bmcPlans.ledOff, "free", actor);
    await enqueueBmcCommands(t, id, bmcPlans.free, "free", actor);
    const after = toMachineDto((await loadMachine(t, id))!);
    await recordAudit(t, actor, {
      action: "machine.free", ...machineAudit(before), before: toMachineDto(before),
      after: { ...after, releasedIps: attached.filter((i) => i.kind === "ephemeral").map((i) => i.address), keptStaticIps: attached.filter((i) => i.kind === "static").map((i) => i.address) },
    });
    await notifyMachineChanged(t, id);
    return after;
  });
}

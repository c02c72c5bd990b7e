import { and, eq, sql } from "drizzle-orm";
import { can } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/principal";
import type { BmcDto } from "@/lib/contracts/bmc";
import type { Executor } from "@/lib/db/client";
import { machineBmcs, machines, partitions } from "@/lib/db/schema";
import { bmcAddressInNetworks } from "@/lib/domain/bmc/networks";
import { ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { sendInTx } from "@/lib/jobs/runtime";
import { recordAudit } from "../audit";
import { getReadableMachine, machineAudit } from "../machines/machines";
import { notifyMachineChanged } from "../machines/notify";
import { inTx } from "../tx";
import { BMC_POLL_JOB, loadBmcRow, toBmcDto } from "./records";

/**
 * BMCs are contacted only inside their partition's bmcNetworks (issue 10 item 3): a machine
 * reports its BMC's address at registration, and without this any machine could make the
 * poller and the command workers send requests to any address. An address outside is stored
 * and shown (machine issue "bmcOutsideNetworks") but not contacted, until an operator approves
 * that exact address or sets a corrected one. `outside_bmc_networks` is kept current whenever
 * the address or the partition's networks change; `approved_address` holds the approval.
 */

/** SQL: this BMC must not be contacted (outside its networks, and its address not approved). */
export const bmcContactBlocked = sql`(${machineBmcs.outsideBmcNetworks} and ${machineBmcs.approvedAddress} is distinct from ${machineBmcs.address})`;

export function isBmcContactBlocked(row: { outsideBmcNetworks: boolean; approvedAddress: string | null; address: string }): boolean {
  return row.outsideBmcNetworks && row.approvedAddress !== row.address;
}

/** Recomputes the flag for one machine's BMC or all BMCs of a partition; notifies machines whose flag changed. */
export async function refreshBmcNetworkFlags(t: Executor, scope: { machineId: string } | { partitionId: string }): Promise<void> {
  const rows = await t.select({ machineId: machineBmcs.machineId, address: machineBmcs.address, outside: machineBmcs.outsideBmcNetworks, networks: partitions.bmcNetworks })
    .from(machineBmcs).innerJoin(machines, eq(machines.id, machineBmcs.machineId)).innerJoin(partitions, eq(partitions.id, machines.partitionId))
    .where("machineId" in scope ? eq(machineBmcs.machineId, scope.machineId) : eq(machines.partitionId, scope.partitionId));
  for (const r of rows) {
    const outside = !bmcAddressInNetworks(r.address, r.networks);
    if (outside === r.outside) continue;
    await t.update(machineBmcs).set({ outsideBmcNetworks: outside, ...(outside ? {} : { nextPollAt: new Date() }) }).where(eq(machineBmcs.machineId, r.machineId));
    await notifyMachineChanged(t, r.machineId);
  }
}

/** An operator approves the BMC's current address although it is outside the partition's networks (audited). */
export async function approveBmcAddress(actor: Actor, machineId: string, tx?: Executor): Promise<BmcDto> {
  return inTx(tx, async (t) => {
    const machine = await getReadableMachine(t, actor, machineId, true);
    if (!can(actor.principal.grants, "infra.write", { kind: "global" })) throw new ForbiddenError("Only operators approve BMC addresses.");
    const before = await loadBmcRow(t, machineId);
    if (!before) throw new NotFoundError("BMC of machine", machineId);
    const now = new Date();
    await t.update(machineBmcs).set({ approvedAddress: before.address, nextPollAt: now, updatedAt: now })
      .where(and(eq(machineBmcs.machineId, machineId)));
    await recordAudit(t, actor, {
      action: "machine.bmc.approve", ...machineAudit(machine),
      before: { address: before.address, approvedAddress: before.approvedAddress, outsideBmcNetworks: before.outsideBmcNetworks },
      after: { address: before.address, approvedAddress: before.address },
    });
    await sendInTx(t, BMC_POLL_JOB, {});
    await notifyMachineChanged(t, machineId);
    return toBmcDto((await loadBmcRow(t, machineId))!, true, now);
  });
}

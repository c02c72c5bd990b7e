import { eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Grant } from "@/lib/auth/grants";
import type { ListMachinesQuery, MachineIssue } from "@/lib/contracts/machines";
import { bmcCommands, machineAllocations, machineBmcs, machineConnections, machineProvisioning, machines, switchPorts } from "@/lib/db/schema";
import { BMC_OUTDATED_AFTER_MS } from "@/lib/domain/bmc/outdated";
import { containsPattern } from "../search";
import { bmcContactBlocked } from "../bmc/bmc-networks";
import { projectIsReadable } from "../visibility";

/**
 * The WHERE conditions of machine lists, over machines ⟕ allocations ⟕ provisioning. Tenant
 * visibility comes first and is never optional: every other filter only narrows it.
 */

/** Operators: everything (free machines too); anyone else: machines allocated to projects they may read. */
export function visibleMachines(grants: Grant[]): SQL | undefined {
  return projectIsReadable(grants, machines.projectId);
}

const issueConditions: Record<MachineIssue, () => SQL> = {
  crashLoop: () => eq(machines.crashLoop, true),
  failedReclaim: () => eq(machines.failedReclaim, true),
  dead: () => eq(machines.liveliness, "Dead"),
  unknown: () => eq(machines.liveliness, "Unknown"),
  noSize: () => isNull(machines.sizeId),
  // The sweep's verdict on a transitional state that outlived its timeout; the next event clears it.
  failed: () => isNotNull(machineProvisioning.failedReason),
  // The same rule as the BMC panel's "outdated" (toBmcDto): no successful poll for 20 min.
  bmcOutdated: () => sql`exists (select 1 from ${machineBmcs} where ${machineBmcs.machineId} = ${machines.id}
    and coalesce(${machineBmcs.lastPollOkAt}, ${machineBmcs.createdAt}) < ${new Date(Date.now() - BMC_OUTDATED_AFTER_MS)})`,
  // The newest command only (bmc_commands_machine_idx): a later success clears the issue.
  // Not contacted until an operator approves or corrects the address (bmc/bmc-networks.ts).
  bmcOutsideNetworks: () => sql`exists (select 1 from ${machineBmcs} where ${machineBmcs.machineId} = ${machines.id} and ${bmcContactBlocked})`,
  cabling: () => isNotNull(machines.cablingIssue),
  // An installed machine (its ports are in its VRF) whose leaf reports a port down or no established session.
  uplinkDown: () => sql`${machineAllocations.succeeded} and exists (select 1 from ${machineConnections} join ${switchPorts}
    on ${switchPorts.switchId} = ${machineConnections.switchId} and ${switchPorts.name} = ${machineConnections.port}
    where ${machineConnections.machineId} = ${machines.id} and ${switchPorts.statusAt} is not null
    and (${switchPorts.operState} = 'down' or coalesce(${switchPorts.bgp}->>'state', '') <> 'Established'))`,
  // Commands that never ran ("not run: …": the rest of a failed group, a reclaim reboot the agent
  // made unnecessary) are skipped: the failure, if any, is the command before them.
  bmcCommandFailed: () => sql`(select ${bmcCommands.status} from ${bmcCommands} where ${bmcCommands.machineId} = ${machines.id}
    and not (${bmcCommands.status} = 'failed' and coalesce(${bmcCommands.error}, '') like 'not run:%')
    order by ${bmcCommands.seq} desc limit 1) = 'failed'`,
};

/** The condition of one issue, over machines ⟕ provisioning (the overview counts them all at once). */
export function issueCondition(issue: MachineIssue): SQL {
  return issueConditions[issue]();
}

export function machineListFilters(grants: Grant[], q: Omit<ListMachinesQuery, "limit" | "cursor">): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [visibleMachines(grants)];
  if (q.projectId) where.push(eq(machines.projectId, q.projectId));
  if (q.partitionId) where.push(eq(machines.partitionId, q.partitionId));
  if (q.sizeId) where.push(eq(machines.sizeId, q.sizeId));
  if (q.rack) where.push(eq(machines.rack, q.rack));
  if (q.state) where.push(eq(machines.provisioningState, q.state));
  if (q.liveliness) where.push(eq(machines.liveliness, q.liveliness));
  if (q.condition) where.push(eq(machines.condition, q.condition));
  if (q.issue) where.push(issueConditions[q.issue]());
  if (q.allocated !== undefined) where.push(q.allocated ? isNotNull(machines.projectId) : isNull(machines.projectId));
  if (q.q) {
    const pattern = containsPattern(q.q);
    where.push(or(ilike(machines.id, pattern), ilike(machineAllocations.hostname, pattern), ilike(machineAllocations.name, pattern)));
  }
  return where;
}

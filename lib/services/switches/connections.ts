import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { machineConnections, machines, switches } from "@/lib/db/schema";
import { cablingFromNics, type NicNeighbours } from "@/lib/domain/fabric/connections";
import { rackFromSwitchName } from "@/lib/domain/fabric/rack";

/**
 * A registering machine's NIC ↔ leaf port connections (FABRIC §2), replacing what it reported
 * before; called inside the registration's transaction, after the machine row. Leaves need not
 * have registered yet: a switch that registers later finds the connections by its id. A machine
 * that reports no LLDP neighbours at all has an issue only where switches are registered (a
 * partition without fabric automation, like an early lab, keeps working).
 */
export async function saveMachineConnections(t: Tx, machineId: string, partitionId: string, nics: readonly NicNeighbours[]): Promise<{ rack: string | null; issue: string | null }> {
  const names = [...new Set(nics.flatMap((n) => n.neighbours.map((nb) => nb.switchName)))];
  const known = names.length
    ? await t.select({ id: switches.id, rack: switches.rack }).from(switches).where(and(eq(switches.partitionId, partitionId), inArray(switches.id, names)))
    : [];
  const racks = new Map(known.map((s) => [s.id, s.rack]));
  const cabling = cablingFromNics(nics, (id) => racks.get(id) ?? rackFromSwitchName(id));
  let issue = cabling.issue;
  if (!cabling.reported) {
    const [any] = await t.select({ id: switches.id }).from(switches).where(eq(switches.partitionId, partitionId)).limit(1);
    if (!any) issue = null;
  }
  await t.delete(machineConnections).where(eq(machineConnections.machineId, machineId));
  if (cabling.connections.length) {
    await t.insert(machineConnections).values(cabling.connections.map((c) => ({ machineId, ...c }))).onConflictDoNothing();
  }
  await t.update(machines).set({ cablingIssue: issue }).where(eq(machines.id, machineId));
  return { rack: cabling.rack, issue };
}

import { and, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { MachineUplinksDto } from "@/lib/contracts/switches";
import { getDb } from "@/lib/db/client";
import { machineConnections, machines, switchPorts } from "@/lib/db/schema";
import { getReadableMachine } from "../machines/machines";

/**
 * A machine's uplinks (FABRIC §6): the leaf ports its NICs are cabled to, the port's desired and
 * actual state and its BGP session. Whoever may read the machine may see them (tenants: their
 * own machines; a foreign machine is a 404, as everywhere).
 */
export async function getMachineUplinks(actor: Actor, machineId: string): Promise<MachineUplinksDto> {
  const db = await getDb();
  await getReadableMachine(db, actor, machineId);
  const [m] = await db.select({ cablingIssue: machines.cablingIssue }).from(machines).where(eq(machines.id, machineId)).limit(1);
  const rows = await db.select({ c: machineConnections, p: switchPorts }).from(machineConnections)
    .leftJoin(switchPorts, and(eq(switchPorts.switchId, machineConnections.switchId), eq(switchPorts.name, machineConnections.port)))
    .where(eq(machineConnections.machineId, machineId)).orderBy(machineConnections.nicName);
  return {
    cablingIssue: m?.cablingIssue ?? null,
    uplinks: rows.map(({ c, p }) => ({
      nic: c.nicName, switchId: c.switchId, port: c.port,
      desiredAdminState: p?.desiredAdminState ?? null, operState: p?.operState ?? "unknown",
      vrf: p?.bgp?.vrf ?? null, bgp: p?.bgp ?? null,
    })),
  };
}

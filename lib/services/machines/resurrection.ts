import { and, eq, exists, gt, isNull, ne, or, sql } from "drizzle-orm";
import { systemActor } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { bmcCommands, machineProvisioning, machines } from "@/lib/db/schema";
import { deadSince, needsResurrection, RESURRECT_AFTER_MS } from "@/lib/domain/lifecycle";
import { recordAudit } from "../audit";
import { bmcPlans, enqueueBmcCommands } from "../bmc/commands";
import { inTx } from "../tx";
import { recordControlPlaneEvent } from "./allocation-events";

/**
 * DOMAIN §3.1 resurrection (cron): a free machine Dead for over an hour, or one that booted its
 * old OS after a free (failed reclaim), is reclaimed again: "Machine Reclaim", then PXE + reset
 * through its BMC. LOCKED and allocated machines are never touched (lib/domain needsResurrection).
 * A machine resurrected within the last hour is left to that attempt, so a machine that stays
 * dead gets one reset per hour, not one per sweep.
 */
export async function resurrectMachines(now = new Date()): Promise<string[]> {
  const db = await getDb();
  const recent = db.select({ one: sql`1` }).from(bmcCommands).where(and(
    eq(bmcCommands.machineId, machines.id), eq(bmcCommands.origin, "resurrection"), gt(bmcCommands.createdAt, new Date(now.getTime() - RESURRECT_AFTER_MS)),
  ));
  const candidates = await db.select({ machine: machines, lastEventTime: machineProvisioning.lastEventTime }).from(machines)
    .leftJoin(machineProvisioning, eq(machineProvisioning.machineId, machines.id))
    .where(and(isNull(machines.projectId), ne(machines.condition, "LOCKED"), or(eq(machines.failedReclaim, true), eq(machines.liveliness, "Dead")), sql`not ${exists(recent)}`));
  const resurrected: string[] = [];
  const actor = systemActor("resurrection");
  for (const { machine: m, lastEventTime } of candidates) {
    const why = needsResurrection({ ...m, allocated: false, deadSince: deadSince(lastEventTime) }, now);
    if (!why) continue;
    const done = await inTx(undefined, async (t) => {
      // Re-checked under the row lock: allocated or locked since the scan means hands off.
      const [fresh] = await t.select().from(machines).where(eq(machines.id, m.id)).for("update");
      if (!fresh || fresh.projectId !== null || fresh.condition === "LOCKED") return false;
      await recordControlPlaneEvent(t, m.id, "Machine Reclaim", `resurrection: ${why.message}`, now);
      await enqueueBmcCommands(t, m.id, bmcPlans.resurrection, "resurrection", null, now);
      await recordAudit(t, actor, { action: "machine.resurrect", targetType: "machine", targetId: m.id, after: why });
      return true;
    });
    if (done) resurrected.push(m.id);
  }
  return resurrected;
}

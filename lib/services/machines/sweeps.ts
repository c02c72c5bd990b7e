import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw";
import { machineProvisioning, machines } from "@/lib/db/schema";
import { DEAD_AFTER_MS, DEFAULT_TIMEOUTS, markTimedOut, provisioningContainerSchema, TRANSITIONAL_STATES, timedOut, type TimeoutConfig } from "@/lib/domain/lifecycle";
import { inTx } from "../tx";
import { MACHINE_CHANNEL, notifyMachineChanged } from "./notify";

/**
 * Background sweeps (run as pg-boss cron jobs every minute): liveliness from the last sign of
 * life, and a visible failure for every machine stuck in a transitional state past its timeout.
 */

/**
 * One set-based UPDATE: Alive within 5 min of the last event, else Dead (free) or Unknown
 * (allocated). The same statement notifies each changed machine (open pages update live).
 */
export async function sweepLiveliness(now = new Date()): Promise<number> {
  const db = await getDb();
  const deadline = new Date(now.getTime() - DEAD_AFTER_MS);
  const rows = await queryRows<{ id: string }>(db, sql`
    with changed as (
      update machines m set liveliness = x.next, updated_at = ${now}
      from (
        select m2.id, case
          when p.last_event_time is not null and p.last_event_time > ${deadline} then 'Alive'
          when m2.project_id is null then 'Dead' else 'Unknown' end as next
        from machines m2 left join machine_provisioning p on p.machine_id = m2.id
      ) x
      where x.id = m.id and m.liveliness is distinct from x.next
      returning m.id
    )
    select id, pg_notify(${MACHINE_CHANNEL}, id) from changed`);
  return rows.length;
}

/** Marks machines whose transitional state outlived its timeout as failed, with the reason. */
export async function sweepTimeouts(now = new Date(), config: TimeoutConfig = DEFAULT_TIMEOUTS): Promise<string[]> {
  const db = await getDb();
  const shortest = Math.min(...Object.values(config));
  const candidates = await db.select({ id: machines.id }).from(machines)
    .innerJoin(machineProvisioning, eq(machineProvisioning.machineId, machines.id))
    .where(and(
      inArray(machines.provisioningState, [...TRANSITIONAL_STATES]),
      isNull(machineProvisioning.failedReason),
      lt(machineProvisioning.lastEventTime, new Date(now.getTime() - shortest)),
    ));
  const failed: string[] = [];
  for (const { id } of candidates) {
    await inTx(undefined, async (tx) => {
      // Lock order (lib/services/README.md): the machines row before its provisioning row.
      await tx.select({ id: machines.id }).from(machines).where(eq(machines.id, id)).for("no key update");
      const [row] = await tx.select({ container: machineProvisioning.container }).from(machineProvisioning)
        .where(eq(machineProvisioning.machineId, id)).for("update");
      if (!row) return;
      const container = provisioningContainerSchema.parse(row.container);
      const verdict = timedOut(container, now, config);
      if (!verdict) return;
      const marked = markTimedOut(container, verdict);
      await tx.update(machineProvisioning).set({ container: marked, failedReason: verdict.reason, updatedAt: now }).where(eq(machineProvisioning.machineId, id));
      await notifyMachineChanged(tx, id);
      failed.push(id);
    });
  }
  return failed;
}

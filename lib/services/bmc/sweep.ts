import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw";
import { sendInTx } from "@/lib/jobs/runtime";
import { inTx } from "../tx";
import { BMC_DRAIN_JOB } from "./commands";

/**
 * The safety net under the drain jobs (cron, every minute): a machine whose oldest pending
 * command has been due for a while with nobody on it — its job was lost, the worker that ran it
 * died (lease expired), or it waits for a retry past its deadline — gets a new drain job. The drain then takes
 * the command over or fails it as timed out.
 *
 * A queued command whose machine already has a drain job waiting or running is not stalled, only
 * behind others in a busy queue: sending another drain for it would only add duplicate jobs to
 * the backlog (a burst of frees got 15 % duplicates this way).
 */
export const STALLED_AFTER_MS = 30_000;

export async function sweepBmcCommands(now = new Date()): Promise<string[]> {
  const db = await getDb();
  const stalled = new Date(now.getTime() - STALLED_AFTER_MS);
  const rows = await queryRows<{ machine_id: string; waiting: boolean }>(db, sql`
    select machine_id, not (coalesce(head.deadline < ${now}, false) or coalesce(head.status = 'running' and head.lease_until < ${now}, false)) as waiting from (
      select distinct on (machine_id) machine_id, status, run_after, lease_until, deadline
      from bmc_commands where status in ('queued', 'running') order by machine_id, seq
    ) head
    where head.deadline < ${now}
      or (head.status = 'queued' and head.run_after < ${stalled})
      or (head.status = 'running' and head.lease_until < ${now})`);
  const queuedBehindOthers = await machinesWithDrainJob(rows.filter((r) => r.waiting).map((r) => r.machine_id));
  const ids = rows.map((r) => r.machine_id).filter((id) => !queuedBehindOthers.has(id));
  if (ids.length > 0) await inTx(undefined, async (t) => {
    for (const machineId of ids) await sendInTx(t, BMC_DRAIN_JOB, { machineId });
  });
  return ids;
}

/** Of these machines, those with a drain job waiting or running (none when the queue's schema does not exist yet). */
async function machinesWithDrainJob(machineIds: string[]): Promise<Set<string>> {
  if (machineIds.length === 0) return new Set();
  const db = await getDb();
  try {
    const rows = await queryRows<{ id: string }>(db, sql`select distinct data->>'machineId' as id from pgboss.job
      where name = ${BMC_DRAIN_JOB} and state in ('created', 'retry', 'active') and data->>'machineId' in (${sql.join(machineIds.map((id) => sql`${id}`), sql`, `)})`);
    return new Set(rows.map((r) => r.id));
  } catch (err) {
    if ((err as { code?: string }).code === "42P01" || (err as { cause?: { code?: string } }).cause?.code === "42P01") return new Set();
    throw err;
  }
}

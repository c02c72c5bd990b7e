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
  const rows = await queryRows<{ machine_id: string }>(db, sql`
    select machine_id from (
      select distinct on (machine_id) machine_id, status, run_after, lease_until, deadline
      from bmc_commands where status in ('queued', 'running') order by machine_id, seq
    ) head
    where head.deadline < ${now}
      or (head.status = 'queued' and head.run_after < ${stalled} and not exists (
        select 1 from pgboss.job j where j.name = ${BMC_DRAIN_JOB} and j.state in ('created', 'retry', 'active') and j.data->>'machineId' = head.machine_id))
      or (head.status = 'running' and head.lease_until < ${now})`);
  const ids = rows.map((r) => r.machine_id);
  if (ids.length > 0) await inTx(undefined, async (t) => {
    for (const machineId of ids) await sendInTx(t, BMC_DRAIN_JOB, { machineId });
  });
  return ids;
}

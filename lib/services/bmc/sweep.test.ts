import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { insertWaitingMachine, setupCatalog } from "../machines/allocation.fixtures";
import { inTx } from "../tx";
import { enqueueBmcCommands } from "./commands";
import { STALLED_AFTER_MS, sweepBmcCommands } from "./sweep";

/**
 * The sweep re-sends a drain only for machines nobody is draining: a command that waits in a
 * busy queue behind other machines' drains already has its job (issue 14: the sweep doubled a
 * backlog of 300 frees with duplicate drain jobs).
 */
describe.each(testEngines())("BMC sweep and existing drain jobs on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    await getQueue(database, { workers: false }); // jobs are sent, nobody runs them
  });
  afterAll(async () => {
    await stopQueue();
    await cleanup?.();
  });

  it("leaves a queued command whose drain job is waiting alone, and re-sends one whose job is gone", async () => {
    const machineId = await insertWaitingMachine(database.db);
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "power-on" }], "user", null));
    const later = new Date(Date.now() + STALLED_AFTER_MS + 60_000); // the command looks stalled by then
    const jobs = async () => (await database.raw.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = 'bmc.drain' and data->>'machineId' = $1`, [machineId])).rows[0].n;
    expect(await jobs()).toBe(1);
    expect(await sweepBmcCommands(later)).toEqual([]);
    expect(await jobs()).toBe(1);
    // The job was lost (deleted, as a queue purge would): now the sweep sends a new one.
    await database.db.execute(sql`delete from pgboss.job where name = 'bmc.drain'`);
    expect(await sweepBmcCommands(later)).toEqual([machineId]);
    expect(await jobs()).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { defineJob } from "./registry";
import { getQueue, sendInTx, stopQueue } from "./runtime";

/**
 * Jobs sent inside a transaction: they exist only if it commits, and the commit wakes the
 * queue's workers at once instead of at their next poll. The probe's workers poll once an hour,
 * so a job that starts within the test's timeout was started by the wake-up (no clock needed).
 */
describe.each(testEngines())("sendInTx on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const seen = new Set<string>();
  const waiters = new Map<string, () => void>();
  const probe = defineJob({
    name: "test.tx-probe",
    schema: z.object({ tag: z.string() }),
    concurrency: () => 2,
    pollingIntervalSeconds: 3600,
    handler: async ({ tag }) => {
      seen.add(tag);
      waiters.get(tag)?.();
      return null;
    },
  });
  const handled = (tag: string) => new Promise<void>((resolve) => waiters.set(tag, resolve));

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await getQueue(database, { workers: true, defs: [probe] });
  });
  afterAll(async () => {
    await stopQueue();
    await cleanup?.();
  });

  it("jobs sent in committed transactions are started by the commit, not by the workers' next poll (an hour away)", async () => {
    // Both workers start with a fetch that finds nothing; then they pause for an hour. Jobs sent
    // one right after the other each need a wake-up: none may be dropped as "just woken".
    const tags = ["first", "second", "third", "fourth", "fifth"];
    for (const tag of tags) {
      await database.db.transaction(async (tx) => {
        expect(await sendInTx(tx, "test.tx-probe", { tag })).toBeTruthy();
      });
      // Far within the hour: only the commit's wake-up can have started it.
      await vi.waitFor(() => expect(seen.has(tag), `job ${tag} not started: its wake-up was lost`).toBe(true), { timeout: 10_000, interval: 20 });
    }
    expect([...seen]).toEqual(tags);
  });

  it("a job sent in a rolled-back transaction never exists", async () => {
    await expect(database.db.transaction(async (tx) => {
      await sendInTx(tx, "test.tx-probe", { tag: "rolled-back" });
      throw new Error("roll back");
    })).rejects.toThrow("roll back");
    const rows = await database.raw.query<{ n: number }>("select count(*)::int as n from pgboss.job where name = 'test.tx-probe' and data->>'tag' = 'rolled-back'");
    expect(rows.rows[0].n).toBe(0);
    // And the queue keeps working afterwards.
    const done = handled("after");
    await database.db.transaction(async (tx) => {
      await sendInTx(tx, "test.tx-probe", { tag: "after" });
      await tx.execute(sql`select 1`);
    });
    await done;
  });
});

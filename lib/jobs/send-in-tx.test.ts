import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { defineJob } from "./registry";
import { getQueue, sendInTx, stopQueue } from "./runtime";

/**
 * Jobs sent inside a transaction: they exist only if it commits, and the commit wakes the
 * queue's workers at once instead of at their next poll (2 s).
 */
describe.each(testEngines())("sendInTx on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const seen = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const probe = defineJob({
    name: "test.tx-probe",
    schema: z.object({ tag: z.string() }),
    concurrency: () => 2,
    handler: async ({ tag }) => {
      seen.set(tag, Date.now());
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

  it("a job sent in a committed transaction runs well before the workers' next poll", async () => {
    // Let the workers go idle (their first fetch found nothing), so only the wake-up can start the job early.
    await new Promise((r) => setTimeout(r, 300));
    const done = handled("committed");
    const sentAt = Date.now();
    await database.db.transaction(async (tx) => {
      expect(await sendInTx(tx, "test.tx-probe", { tag: "committed" })).toBeTruthy();
    });
    await done;
    expect(seen.get("committed")! - sentAt).toBeLessThan(1000);
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

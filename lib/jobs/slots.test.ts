import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { createBoss } from "./boss";
import { defineJob } from "./registry";
import { startWorkers, wakeWorkers } from "./runtime";

/**
 * The slot consumer (slots.ts) behind queues with `slots` (BMC drains): up to `slots` jobs at
 * once, fetched together; completed with their output, failed by the queue's policy; a wake-up
 * (a job's commit) starts new jobs without waiting for the poll.
 */
describe.each(testEngines())("slot consumer on %s", (engine) => {
  let boss: PgBoss;
  let cleanup: () => Promise<void>;
  const SLOTS = 4;
  let running = 0;
  let most = 0;
  let gate: Promise<void> = Promise.resolve();
  const started: string[] = [];

  const slow = defineJob({
    name: "test.slots",
    schema: z.object({ n: z.number() }),
    slots: () => SLOTS,
    pollingIntervalSeconds: 60, // wake-ups, not polling, must start the jobs
    handler: async ({ n }) => {
      started.push(String(n));
      running += 1;
      most = Math.max(most, running);
      try {
        await gate;
        if (n < 0) throw new Error("told to fail");
        return { doubled: n * 2 };
      } finally {
        running -= 1;
      }
    },
  });

  beforeAll(async () => {
    const fresh = await freshDatabase(engine);
    cleanup = fresh.cleanup;
    boss = createBoss(fresh.database.raw, { supervise: false, schedule: false });
    await boss.start();
    await startWorkers(boss, [slow]);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
    await cleanup?.();
  });

  const stateOf = async (id: string) => (await boss.getJobById("test.slots", id))?.state;

  it("runs at most `slots` jobs at once, starts queued ones as slots free up, completes each with its output", async () => {
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) ids.push((await boss.send("test.slots", { n }))!);
    wakeWorkers(boss, "test.slots"); // what a job's commit does (NOTIFY jobs_wake)
    await vi.waitFor(() => expect(running).toBe(SLOTS), { timeout: 20_000, interval: 20 });
    open();
    await vi.waitFor(async () => {
      for (const id of ids) expect(await stateOf(id)).toBe("completed");
    }, { timeout: 30_000, interval: 100 });
    expect(most).toBe(SLOTS);
    expect(new Set(started).size).toBe(12);
    expect((await boss.getJobById("test.slots", ids[5]))?.output).toEqual({ doubled: 10 });
  });

  it("fails a job whose handler throws, by the queue's retry policy", async () => {
    gate = Promise.resolve();
    const id = (await boss.send("test.slots", { n: -1 }, { retryLimit: 0 }))!;
    wakeWorkers(boss, "test.slots");
    await vi.waitFor(async () => expect(await stateOf(id)).toBe("failed"), { timeout: 20_000, interval: 100 });
  });
});

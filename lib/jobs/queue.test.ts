import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { createBoss } from "./boss";
import { defineJob } from "./registry";
import { startWorkers } from "./runtime";

describe.each(testEngines())("pg-boss job queue on %s", (engine) => {
  let boss: PgBoss;
  let cleanup: () => Promise<void>;
  const received: string[] = [];
  let onJob: (message: string) => void = () => {};

  const probe = defineJob({
    name: "test.probe",
    schema: z.object({ message: z.string() }),
    handler: async ({ message }) => {
      received.push(message);
      onJob(message);
      return { ok: message.toUpperCase() };
    },
  });

  beforeAll(async () => {
    const fresh = await freshDatabase(engine);
    cleanup = fresh.cleanup;
    boss = createBoss(fresh.database.raw, { supervise: false, schedule: false });
    await boss.start();
    await startWorkers(boss, [probe]);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
    await cleanup?.();
  });

  it("round-trips a job: send → handler → completed with its output", async () => {
    const handled = new Promise<string>((resolve) => (onJob = resolve));
    const id = await boss.send("test.probe", { message: "hello" });
    expect(id).toBeTruthy();
    expect(await handled).toBe("hello");
    // The handler has returned; completion is written right after. Wait on the job's own state.
    let job = await boss.getJobById("test.probe", id!);
    for (let i = 0; i < 50 && job?.state !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await boss.getJobById("test.probe", id!);
    }
    expect(job?.state).toBe("completed");
    expect(job?.output).toEqual({ ok: "HELLO" });
  });

  it("fails a job whose payload does not match its schema, without running the handler", async () => {
    const before = received.length;
    const id = await boss.send("test.probe", { message: 42 } as unknown as object, { retryLimit: 0 });
    let job = await boss.getJobById("test.probe", id!);
    for (let i = 0; i < 80 && job?.state !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await boss.getJobById("test.probe", id!);
    }
    expect(job?.state).toBe("failed");
    expect(received.length).toBe(before);
  });
});

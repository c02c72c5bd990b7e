import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { createBoss } from "./boss";
import { type JobDef, jobs } from "./registry";
import type { z } from "zod";

/** Creates every registered queue (idempotent) so producers can send before workers start. */
export async function ensureQueues(boss: PgBoss, defs: readonly JobDef<z.ZodType>[] = jobs): Promise<void> {
  for (const def of defs) {
    const existing = await boss.getQueue(def.name);
    if (!existing) await boss.createQueue(def.name, { name: def.name, ...def.options });
  }
}

/** Registers a handler per job type; payloads are parsed before the handler runs. */
export async function startWorkers(boss: PgBoss, defs: readonly JobDef<z.ZodType>[] = jobs): Promise<void> {
  await ensureQueues(boss, defs);
  for (const def of defs) {
    await boss.work(def.name, { pollingIntervalSeconds: 2 }, async (batch) => {
      const results = [];
      for (const job of batch) {
        const parsed = def.schema.safeParse(job.data);
        if (!parsed.success) throw new Error(`invalid payload for ${def.name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
        results.push(await def.handler(parsed.data, { id: job.id }));
      }
      return results.length === 1 ? results[0] : results;
    });
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
  }
}

const g = globalThis as unknown as { __boss?: Promise<{ boss: PgBoss; workers: boolean }> };

/** The process's queue client; with `workers` it also runs the handlers (embedded / npm run worker). */
export function getQueue(database: Database, opts: { workers: boolean }): Promise<{ boss: PgBoss; workers: boolean }> {
  g.__boss ??= (async () => {
    const boss = createBoss(database.raw, { supervise: opts.workers, schedule: opts.workers });
    await boss.start();
    if (opts.workers) await startWorkers(boss);
    else await ensureQueues(boss);
    return { boss, workers: opts.workers };
  })();
  return g.__boss;
}

export function currentQueue(): Promise<{ boss: PgBoss; workers: boolean }> | undefined {
  return g.__boss;
}

export async function stopQueue(): Promise<void> {
  const current = g.__boss;
  g.__boss = undefined;
  if (current) await (await current).boss.stop({ graceful: true, wait: true, timeout: 10_000 });
}

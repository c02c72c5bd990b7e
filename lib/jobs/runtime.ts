import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Database, Executor } from "@/lib/db/client";
import { listenChannel } from "@/lib/db/listen";
import { executorSql } from "@/lib/db/tx-sql";
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

/** pg-boss worker ids per queue in this process, so a commit-time wake-up can notify them. */
const workerIds = new WeakMap<PgBoss, Map<string, string[]>>();

/** Registers `concurrency` workers per job type; payloads are parsed before the handler runs. */
export async function startWorkers(boss: PgBoss, defs: readonly JobDef<z.ZodType>[] = jobs): Promise<void> {
  await ensureQueues(boss, defs);
  const ids = workerIds.get(boss) ?? new Map<string, string[]>();
  workerIds.set(boss, ids);
  for (const def of defs) {
    const handle = async (batch: PgBoss.Job<unknown>[]) => {
      const results = [];
      for (const job of batch) {
        const parsed = def.schema.safeParse(job.data);
        if (!parsed.success) throw new Error(`invalid payload for ${def.name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
        results.push(await def.handler(parsed.data, { id: job.id }));
      }
      return results.length === 1 ? results[0] : results;
    };
    const started: string[] = [];
    for (let i = 0; i < (def.concurrency?.() ?? 1); i++) started.push(await boss.work(def.name, { pollingIntervalSeconds: 2 }, handle));
    ids.set(def.name, started);
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
  }
  const unlisten = await listenChannel(JOBS_WAKE_CHANNEL, (name) => wakeWorkers(boss, name));
  boss.once("stopped", unlisten);
}

/** Ends the polling pause of this process's workers of `name`: they fetch at once. */
export function wakeWorkers(boss: PgBoss, name: string): void {
  for (const id of workerIds.get(boss)?.get(name) ?? []) boss.notifyWorker(id);
}

/**
 * Sends a job inside the caller's transaction: it exists only if the transaction commits, and on
 * commit a NOTIFY wakes the queue's idle workers in every worker process, so it starts without
 * waiting for their next poll. Without a running queue in this process (CLIs, some tests) nothing
 * is sent and null is returned; whoever owns the work must then have another way to find it.
 */
export async function sendInTx(tx: Executor, name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
  const current = currentQueue();
  if (!current) return null;
  const { boss } = await current;
  const id = await boss.send(name, data, { ...options, db: executorSql(tx) });
  await tx.execute(sql`select pg_notify(${JOBS_WAKE_CHANNEL}, ${name})`);
  return id;
}

export const JOBS_WAKE_CHANNEL = "jobs_wake";

const g = globalThis as unknown as { __boss?: Promise<{ boss: PgBoss; workers: boolean }> };

/** The process's queue client; with `workers` it also runs the handlers (embedded / npm run worker). */
export function getQueue(database: Database, opts: { workers: boolean; defs?: readonly JobDef<z.ZodType>[] }): Promise<{ boss: PgBoss; workers: boolean }> {
  g.__boss ??= (async () => {
    const boss = createBoss(database.raw, { supervise: opts.workers, schedule: opts.workers });
    await boss.start();
    if (opts.workers) await startWorkers(boss, opts.defs);
    else await ensureQueues(boss, opts.defs);
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

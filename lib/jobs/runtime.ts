import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Database, Executor } from "@/lib/db/client";
import { listenChannel } from "@/lib/db/listen";
import { executorSql } from "@/lib/db/tx-sql";
import { errFields, log } from "@/lib/log";
import { observeJob } from "@/lib/metrics/registry";
import { retryConcurrentSetup } from "@/lib/db/concurrent-setup";
import { notifyAfterCommit } from "@/lib/services/tx";
import { createBoss } from "./boss";
import { type SlotConsumer, startSlotConsumer } from "./slots";
import { type JobDef, jobs } from "./registry";
import type { z } from "zod";

/**
 * Creates every registered queue (idempotent) so producers can send before workers start.
 * Several processes starting at once (replicas and workers of a new deployment) create the same
 * queues concurrently; pg-boss's create_queue is not serialised, and two of them can deadlock on
 * the job table's partitions. PostgreSQL aborts one; it simply tries again.
 */
export async function ensureQueues(boss: PgBoss, defs: readonly JobDef<z.ZodType>[] = jobs): Promise<void> {
  for (const def of defs) {
    await retryConcurrentSetup(`queue ${def.name}`, async () => {
      const existing = await boss.getQueue(def.name);
      if (!existing) await boss.createQueue(def.name, { name: def.name, ...def.options });
    });
  }
}

/** One job: payload parsed, handler run, duration measured and logged (job id, name, result, duration). */
export async function runJob(def: JobDef<z.ZodType>, job: { id: string; data: unknown }): Promise<unknown> {
  const started = performance.now();
  let result: "completed" | "failed" = "failed";
  try {
    const parsed = def.schema.safeParse(job.data);
    if (!parsed.success) throw new Error(`invalid payload for ${def.name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    const value = await def.handler(parsed.data, { id: job.id });
    result = "completed";
    return value;
  } catch (err) {
    log("jobs").warn({ jobId: job.id, job: def.name, ...errFields(err) }, "job failed");
    throw err;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    observeJob(def.name, result, seconds);
    log("jobs").debug({ jobId: job.id, job: def.name, result, durationMs: Math.round(seconds * 10_000) / 10 }, "job");
  }
}

/** This process's pg-boss workers per queue, whether each is busy, and when it was last woken. */
type LocalWorker = { id: string; busy: boolean; wokenAt: number };
const localWorkers = new WeakMap<PgBoss, Map<string, LocalWorker[]>>();
/** This process's slot consumers per queue (queues whose JobDef has `slots`). */
const slotConsumers = new WeakMap<PgBoss, Map<string, SlotConsumer>>();

/** Registers `concurrency` workers per job type; payloads are parsed before the handler runs. */
export async function startWorkers(boss: PgBoss, defs: readonly JobDef<z.ZodType>[] = jobs): Promise<void> {
  await ensureQueues(boss, defs);
  const byQueue = localWorkers.get(boss) ?? new Map<string, LocalWorker[]>();
  localWorkers.set(boss, byQueue);
  const consumers = slotConsumers.get(boss) ?? new Map<string, SlotConsumer>();
  slotConsumers.set(boss, consumers);
  for (const def of defs) {
    if (def.slots) {
      consumers.set(def.name, startSlotConsumer(boss, def.name, { slots: def.slots(), pollingIntervalSeconds: def.pollingIntervalSeconds ?? 2 }, (job) => runJob(def, job)));
      if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
      continue;
    }
    const workers: LocalWorker[] = [];
    for (let i = 0; i < (def.concurrency?.() ?? 1); i++) {
      const self: LocalWorker = { id: "", busy: false, wokenAt: 0 };
      self.id = await boss.work(def.name, { pollingIntervalSeconds: def.pollingIntervalSeconds ?? 2 }, async (batch) => {
        self.busy = true;
        try {
          const results = [];
          for (const job of batch) results.push(await runJob(def, job));
          return results.length === 1 ? results[0] : results;
        } finally {
          self.busy = false;
          // A worker that just ran a job fetches again at once instead of pausing for its polling
          // interval: while a queue has jobs, every worker keeps taking them (a burst of 300 BMC
          // drains ran at 20 workers ÷ 5 s polling = 4 jobs/s before). An empty fetch runs no
          // handler, so an idle worker still pauses.
          boss.notifyWorker(self.id);
        }
      });
      workers.push(self);
    }
    byQueue.set(def.name, workers);
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
  }
  // After the listening connection was lost and restored, wake-ups may have been missed: every
  // idle worker fetches once (a cheap query each), so queued jobs do not wait for the next poll.
  // A payload may carry several wake-ups, comma-separated (sent after commit, batched: tx.ts).
  const unlisten = await listenChannel(JOBS_WAKE_CHANNEL, (payload) => payload.split(",").forEach((name) => name && wakeWorkers(boss, name)), {
    onResync: () => {
      for (const workers of byQueue.values()) for (const w of workers) boss.notifyWorker(w.id);
      for (const c of consumers.values()) c.wake();
    },
  });
  boss.once("stopped", unlisten);
}

/**
 * A job of `name` is ready: end the polling pause of one idle worker of this process, the one
 * woken longest ago (so a burst spreads over the workers). When every worker is busy, each is
 * told to fetch again right after its current job instead of pausing. (Waking every worker for
 * every job would turn a burst of N jobs into N × workers fetch queries.)
 *
 * Every job wakes someone: a worker woken a moment ago may already have fetched and gone back
 * to its pause, so skipping it would leave the job until the next poll. Waking a worker that
 * is still fetching is harmless: pg-boss then fetches once more right after, instead of pausing.
 */
export function wakeWorkers(boss: PgBoss, name: string): void {
  const consumer = slotConsumers.get(boss)?.get(name);
  if (consumer) return consumer.wake();
  const workers = localWorkers.get(boss)?.get(name) ?? [];
  const idle = workers.filter((w) => !w.busy).sort((a, b) => a.wokenAt - b.wokenAt)[0];
  if (idle) {
    idle.wokenAt = Date.now();
    boss.notifyWorker(idle.id);
    return;
  }
  for (const w of workers) if (w.busy) boss.notifyWorker(w.id);
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
  // After commit and batched when the transaction is inTx's (an in-transaction NOTIFY serialises
  // commits: lib/services/tx.ts); one wake-up per queue name is enough for a batch.
  if (!notifyAfterCommit(tx, JOBS_WAKE_CHANNEL, name)) await tx.execute(sql`select pg_notify(${JOBS_WAKE_CHANNEL}, ${name})`);
  return id;
}

export const JOBS_WAKE_CHANNEL = "jobs_wake";

const g = globalThis as unknown as { __boss?: Promise<{ boss: PgBoss; workers: boolean }> };

/** The process's queue client; with `workers` it also runs the handlers (embedded / npm run worker). */
export function getQueue(database: Database, opts: { workers: boolean; defs?: readonly JobDef<z.ZodType>[] }): Promise<{ boss: PgBoss; workers: boolean }> {
  g.__boss ??= (async () => {
    // Starting installs pg-boss's schema on first use: processes starting together race on it.
    const boss = await retryConcurrentSetup("job queue", async () => {
      const b = createBoss(database.raw, { supervise: opts.workers, schedule: opts.workers });
      try {
        await b.start();
      } catch (err) {
        await b.stop({ graceful: false, wait: true }).catch(() => {});
        throw err;
      }
      return b;
    });
    if (opts.workers) await startWorkers(boss, opts.defs);
    else await ensureQueues(boss, opts.defs);
    return { boss, workers: opts.workers };
  })();
  return g.__boss;
}

export function currentQueue(): Promise<{ boss: PgBoss; workers: boolean }> | undefined {
  return g.__boss;
}

/** Stops fetching, waits up to `timeoutMs` for running handlers, then stops. */
export async function stopQueue(timeoutMs = 10_000): Promise<void> {
  const current = g.__boss;
  g.__boss = undefined;
  if (!current) return;
  const { boss } = await current;
  const started = Date.now();
  // Slot consumers first: no new fetches, running jobs get the same deadline as pg-boss's workers.
  await Promise.all([...(slotConsumers.get(boss)?.values() ?? [])].map((c) => c.stop(timeoutMs)));
  await boss.stop({ graceful: true, wait: true, timeout: Math.max(1000, timeoutMs - (Date.now() - started)) });
}

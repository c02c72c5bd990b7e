import type PgBoss from "pg-boss";
import { errFields, log } from "@/lib/log";

/**
 * A consumer for queues whose jobs mostly wait (a BMC drain spends seconds on its BMC and
 * milliseconds of CPU): up to `slots` jobs at once in this process, and ONE fetch per wake-up for
 * as many jobs as there are free slots — not one pg-boss worker per slot, each with its own
 * polling loop and one fetch per job. Idle, it costs one fetch per polling interval whatever
 * `slots` is, so a process can drain hundreds of BMCs at once (issue 14: 300 machines freed at
 * once waited for 20 workers and took 37 s to reach their BMCs).
 *
 * Jobs are pg-boss jobs as with boss.work(): fetched into `active`, completed with the
 * handler's result, failed with its error (the queue's retry policy applies), expired by pg-boss
 * when a process dies with them. Fetches never overlap: a wake-up during one fetches again right
 * after it (so a burst of wake-ups costs a few fetches, not one each); a finished job wakes the
 * consumer, since more may be waiting that nobody announced (delayed retries).
 */
export type SlotConsumer = { wake: () => void; stop: (timeoutMs: number) => Promise<void>; running: () => number };

export function startSlotConsumer(boss: PgBoss, name: string, o: { slots: number; pollingIntervalSeconds: number; maxFetch?: number }, run: (job: PgBoss.Job<unknown>) => Promise<unknown>): SlotConsumer {
  const maxFetch = o.maxFetch ?? 100;
  let free = o.slots;
  let fetching = false;
  let again = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const inflight = new Set<Promise<void>>();

  const schedule = () => {
    clearTimeout(timer);
    if (!stopping) timer = setTimeout(wake, o.pollingIntervalSeconds * 1000);
  };

  async function runOne(job: PgBoss.Job<unknown>): Promise<void> {
    try {
      const out = await run(job);
      await boss.complete(name, job.id, out !== null && typeof out === "object" ? out : { value: out ?? null });
    } catch (err) {
      await boss.fail(name, job.id, { message: err instanceof Error ? err.message : String(err) })
        .catch((e: unknown) => log("jobs").warn({ job: name, jobId: job.id, ...errFields(e) }, "could not record a job's failure; it expires and is retried"));
    } finally {
      free += 1;
      wake();
    }
  }

  function wake(): void {
    if (stopping) return;
    if (fetching || free === 0) {
      again = true; // fetched right after the fetch in flight, or when a slot frees up
      return;
    }
    void fetchLoop();
  }

  async function fetchLoop(): Promise<void> {
    fetching = true;
    try {
      do {
        again = false;
        const want = Math.min(free, maxFetch);
        const jobs = await boss.fetch<unknown>(name, { batchSize: want });
        for (const job of jobs) {
          free -= 1;
          const p = runOne(job);
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
        }
        if (jobs.length === want) again = true; // a full batch: more may be waiting
      } while (again && free > 0 && !stopping);
    } catch (err) {
      log("jobs").warn({ job: name, ...errFields(err) }, "fetching jobs failed; trying again at the next poll");
    } finally {
      fetching = false;
      schedule();
    }
  }

  wake();
  return {
    wake,
    running: () => o.slots - free,
    async stop(timeoutMs) {
      stopping = true;
      clearTimeout(timer);
      let t: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inflight]), new Promise<void>((r) => (t = setTimeout(r, timeoutMs)))]);
      clearTimeout(t);
    },
  };
}

import { z } from "zod";
import type PgBoss from "pg-boss";

/** A job type: its queue name, the zod schema of its payload, and an idempotent handler. */
export type JobDef<S extends z.ZodType> = {
  name: string;
  schema: S;
  /** Run on this cron schedule (pg-boss schedules are cluster-wide: one run per tick, not per worker). */
  cron?: string;
  /** Queue options (retries, expiry, policy) passed to createQueue. */
  options?: Omit<PgBoss.Queue, "name">;
  /** Jobs of this queue run at once per worker process (one pg-boss worker each); default 1. */
  concurrency?: () => number;
  handler: (data: z.infer<S>, job: { id: string }) => Promise<unknown>;
};

export function defineJob<S extends z.ZodType>(def: JobDef<S>): JobDef<S> {
  return def;
}

/**
 * system.echo proves the queue end to end (health checks and tests): it returns its payload.
 * BMC commands, BMC polling and switch pushes are added here by their issues.
 */
export const echoJob = defineJob({
  name: "system.echo",
  schema: z.object({ message: z.string().max(1000) }),
  handler: async (data) => ({ echoed: data.message, at: new Date().toISOString() }),
});

/** Liveliness of every machine from its last sign of life (DOMAIN §3.1). */
export const livelinessSweepJob = defineJob({
  name: "machines.sweep-liveliness",
  schema: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: async () => {
    const { sweepLiveliness } = await import("@/lib/services/machines/sweeps");
    return { changed: await sweepLiveliness() };
  },
});

/** Transitional states past their timeout become a visible failure (no machine stuck forever). */
export const timeoutSweepJob = defineJob({
  name: "machines.sweep-timeouts",
  schema: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: async () => {
    const { sweepTimeouts } = await import("@/lib/services/machines/sweeps");
    return { failed: await sweepTimeouts() };
  },
});

export const jobs = [echoJob, livelinessSweepJob, timeoutSweepJob] as const;

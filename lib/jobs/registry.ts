import { z } from "zod";
import { getEnv } from "@/lib/env";
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
  /**
   * Instead of `concurrency` pg-boss workers: one slot consumer (slots.ts) running up to this many
   * jobs at once, fetched together — for jobs that mostly wait (BMC drains).
   */
  slots?: () => number;
  /** How often an idle worker looks for jobs (default 2 s); jobs sent with sendInTx wake them sooner. */
  pollingIntervalSeconds?: number;
  handler: (data: z.infer<S>, job: { id: string }) => Promise<unknown>;
};

export function defineJob<S extends z.ZodType>(def: JobDef<S>): JobDef<S> {
  return def;
}

/**
 * system.echo proves the queue end to end (health checks and tests): it returns its payload.
 * Switch pushes are added here by their issue.
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
    return { failed: await sweepTimeouts(new Date(), getEnv().machineTimeouts) };
  },
});

/** Runs one machine's queued BMC commands in order (lib/services/bmc/executor.ts). */
export const bmcDrainJob = defineJob({
  name: "bmc.drain",
  schema: z.object({ machineId: z.string().min(1) }),
  // Up to BMC_COMMAND_CONCURRENCY drains (BMCs) at once per process, fetched together by one
  // consumer (slots.ts). Jobs sent with sendInTx wake it on commit, a finished drain wakes it, and
  // a restored LISTEN connection wakes it: polling is only the fallback (and delayed retries).
  slots: () => getEnv().bmc.commandConcurrency,
  pollingIntervalSeconds: 5,
  options: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  handler: async ({ machineId }) => {
    const { drainBmcCommands } = await import("@/lib/services/bmc/executor");
    return drainBmcCommands(machineId, { leaseMs: getEnv().bmc.commandLeaseMs });
  },
});

/** Power state, inventory and health of every BMC whose poll is due (also sent when an operator changes a BMC's settings). */
export const bmcPollJob = defineJob({
  name: "bmc.poll",
  schema: z.object({}).passthrough(),
  cron: "* * * * *",
  options: { expireInSeconds: 600 },
  handler: async () => {
    const { pollDueBmcs } = await import("@/lib/services/bmc/poller");
    return pollDueBmcs();
  },
});

/** New drain jobs for commands nobody is running (lost job, dead worker, deadline passed). */
export const bmcSweepJob = defineJob({
  name: "bmc.sweep",
  schema: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: async () => {
    const { sweepBmcCommands } = await import("@/lib/services/bmc/sweep");
    return { drains: await sweepBmcCommands() };
  },
});

/** Dead or failed-reclaim free machines are reclaimed again (PXE + reset). */
export const resurrectionJob = defineJob({
  name: "machines.resurrect",
  schema: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: async () => {
    const { resurrectMachines } = await import("@/lib/services/machines/resurrection");
    return { resurrected: await resurrectMachines() };
  },
});

export const jobs = [echoJob, livelinessSweepJob, timeoutSweepJob, bmcDrainJob, bmcPollJob, bmcSweepJob, resurrectionJob] as const;

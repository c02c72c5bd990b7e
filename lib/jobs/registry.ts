import { z } from "zod";
import type PgBoss from "pg-boss";

/** A job type: its queue name, the zod schema of its payload, and an idempotent handler. */
export type JobDef<S extends z.ZodType> = {
  name: string;
  schema: S;
  options?: PgBoss.Queue extends infer Q ? Partial<Omit<Q & object, "name">> : never;
  handler: (data: z.infer<S>, job: { id: string }) => Promise<unknown>;
};

export function defineJob<S extends z.ZodType>(def: JobDef<S>): JobDef<S> {
  return def;
}

/**
 * system.echo proves the queue end to end (health checks and tests): it returns its payload.
 * Later issues add BMC commands, BMC polling, sweeps and switch pushes here.
 */
export const echoJob = defineJob({
  name: "system.echo",
  schema: z.object({ message: z.string().max(1000) }),
  handler: async (data) => ({ echoed: data.message, at: new Date().toISOString() }),
});

export const jobs = [echoJob] as const;

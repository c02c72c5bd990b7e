import { z } from "zod";
import { text } from "@/lib/domain/text";
import { grantSchema } from "@/lib/auth/grants";

export const meDto = z.object({
  kind: z.enum(["user", "token", "system"]),
  userId: text().nullable(),
  tokenId: text().nullable(),
  name: text(),
  email: text(),
  isAdmin: z.boolean(),
  roles: z.array(grantSchema.and(z.object({ tenantName: text().optional(), projectName: text().optional() }))),
});
export type MeDto = z.infer<typeof meDto>;

export const healthDto = z.object({
  status: z.enum(["ok", "degraded"]),
  version: text(),
  database: z.object({ ok: z.boolean(), engine: text(), latencyMs: z.number().nullable(), error: text().optional() }),
  queue: z.object({ ok: z.boolean(), workersInProcess: z.boolean(), queued: z.number().nullable(), failed: z.number().nullable(), error: text().optional() }),
});
export type HealthDto = z.infer<typeof healthDto>;

/** Readiness: whether this replica should get traffic (a load balancer's or Kubernetes' readiness probe). */
export const readinessDto = z.object({
  ready: z.boolean(),
  checks: z.object({
    database: z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), error: text().optional() }),
    migrations: z.object({ ok: z.boolean(), applied: z.number().nullable(), expected: z.number() }),
    workers: z.object({
      ok: z.boolean(),
      /** in-process: this process runs the job handlers; external: `npm run worker` processes do (not part of this replica's readiness). */
      mode: z.enum(["in-process", "external"]),
      /** When a worker last ran the queue's clock (pg-boss cron tick): a sign that some worker is alive. */
      lastSeenAt: z.string().nullable(),
    }),
    shuttingDown: z.boolean(),
  }),
});
export type ReadinessDto = z.infer<typeof readinessDto>;

import { z } from "zod";
import { grantSchema } from "@/lib/auth/grants";

export const meDto = z.object({
  kind: z.enum(["user", "token", "system"]),
  userId: z.string().nullable(),
  tokenId: z.string().nullable(),
  name: z.string(),
  email: z.string(),
  isAdmin: z.boolean(),
  roles: z.array(grantSchema.and(z.object({ tenantName: z.string().optional(), projectName: z.string().optional() }))),
});
export type MeDto = z.infer<typeof meDto>;

export const healthDto = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  database: z.object({ ok: z.boolean(), engine: z.string(), latencyMs: z.number().nullable(), error: z.string().optional() }),
  queue: z.object({ ok: z.boolean(), workersInProcess: z.boolean(), queued: z.number().nullable(), failed: z.number().nullable(), error: z.string().optional() }),
});
export type HealthDto = z.infer<typeof healthDto>;

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

import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";

export const auditQuery = paginationQuery.extend({
  action: z.string().max(100).optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  tenantId: z.string().max(100).optional(),
  requestId: z.string().max(100).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntryDto = z.object({
  id: z.number(),
  time: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string() }),
  requestId: z.string().nullable(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }),
  tenantId: z.string().nullable(),
  projectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  result: z.string(),
});
export type AuditEntryDto = z.infer<typeof auditEntryDto>;


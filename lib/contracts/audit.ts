import { z } from "zod";
import { text } from "@/lib/domain/text";
import { paginationQuery, sortParams } from "@/lib/http/pagination";

export const AUDIT_SORTS = ["time", "action", "actor", "target"] as const;

export const auditQuery = paginationQuery.extend({
  action: text().max(100).optional(),
  targetType: text().max(50).optional(),
  targetId: text().max(200).optional(),
  actor: text().max(200).optional(),
  tenantId: text().max(100).optional(),
  requestId: text().max(100).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  ...sortParams(AUDIT_SORTS),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntryDto = z.object({
  id: z.number(),
  time: text(),
  actor: z.object({ type: text(), id: text().nullable(), name: text() }),
  requestId: text().nullable(),
  action: text(),
  target: z.object({ type: text(), id: text() }),
  tenantId: text().nullable(),
  projectId: text().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  result: text(),
});
export type AuditEntryDto = z.infer<typeof auditEntryDto>;


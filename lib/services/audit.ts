import { and, count, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { isAdmin } from "@/lib/auth/permissions";
import { auditEntries } from "@/lib/db/schema";
import { numberedPage, type RowSortKey, sortedPage } from "@/lib/http/sorting";
import { getDb, type Executor } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/http/errors";
import type { AuditEntryDto, AuditQuery } from "@/lib/contracts/audit";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { redactSecrets } from "./audit-redact";
import { containsPattern } from "./search";

export type AuditInput = {
  action: string;
  targetType: string;
  targetId: string;
  tenantId?: string | null;
  projectId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Writes one audit entry in the caller's transaction; secrets are removed from the snapshots. */
export async function recordAudit(tx: Executor, actor: Actor, input: AuditInput): Promise<void> {
  await tx.insert(auditEntries).values(auditValues(actor, input));
}

/** The audit entry's row, for a caller that inserts it within a statement of its own (allocation.ts). */
export function auditValues(actor: Actor, input: AuditInput): typeof auditEntries.$inferInsert {
  const p = actor.principal;
  return {
    actorType: p.kind,
    actorId: p.tokenId ? `${p.userId}/token:${p.tokenId}` : p.userId,
    actorName: p.name,
    requestId: actor.requestId ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    tenantId: input.tenantId ?? null,
    projectId: input.projectId ?? null,
    before: input.before === undefined ? null : redactSecrets(input.before),
    after: input.after === undefined ? null : redactSecrets(input.after),
  };
}

function toAuditDto(r: typeof auditEntries.$inferSelect): AuditEntryDto {
  return {
    id: r.id,
    time: r.time.toISOString(),
    actor: { type: r.actorType, id: r.actorId, name: r.actorName },
    requestId: r.requestId,
    action: r.action,
    target: { type: r.targetType, id: r.targetId },
    tenantId: r.tenantId,
    projectId: r.projectId,
    before: r.before,
    after: r.after,
    result: r.result,
  };
}

/** Newest first. Only operators read the audit log. */
type AuditRow = typeof auditEntries.$inferSelect;
const auditSorts: Record<NonNullable<AuditQuery["sort"]>, RowSortKey<AuditRow>> = {
  time: { expr: auditEntries.time, cast: "timestamptz", value: (r) => r.time.toISOString() },
  action: { expr: auditEntries.action, value: (r) => r.action },
  actor: { expr: auditEntries.actorName, value: (r) => r.actorName },
  target: { expr: sql`${auditEntries.targetType} || ':' || ${auditEntries.targetId}`, value: (r) => `${r.targetType}:${r.targetId}` },
};

export async function listAudit(actor: Actor, q: AuditQuery) {
  if (!isAdmin(actor.principal.grants)) throw new ForbiddenError("Only operators can read the audit log.");
  const db = await getDb();
  const after = q.sort ? undefined : decodeCursor(q.cursor);
  const where: SQL[] = [];
  if (after !== undefined) where.push(lt(auditEntries.id, Number(after)));
  if (q.action) where.push(eq(auditEntries.action, q.action));
  if (q.targetType) where.push(eq(auditEntries.targetType, q.targetType));
  if (q.targetId) where.push(eq(auditEntries.targetId, q.targetId));
  if (q.actor) where.push(or(ilike(auditEntries.actorName, containsPattern(q.actor)), eq(auditEntries.actorId, q.actor))!);
  if (q.tenantId) where.push(eq(auditEntries.tenantId, q.tenantId));
  if (q.requestId) where.push(eq(auditEntries.requestId, q.requestId));
  if (q.since) where.push(gte(auditEntries.time, q.since));
  if (q.until) where.push(lte(auditEntries.time, q.until));
  if (q.page) {
    return numberedPage({ ...q, page: q.page }, {
      key: q.sort && auditSorts[q.sort], id: auditEntries.id, idOrder: "desc", rowId: (r) => String(r.id), where, map: toAuditDto,
      select: (w, orderBy, limit, offset) => db.select().from(auditEntries).where(and(...w)).orderBy(...orderBy).limit(limit).offset(offset),
      count: async (w) => (await db.select({ n: count() }).from(auditEntries).where(and(...w)))[0].n,
    });
  }
  if (q.sort) {
    return sortedPage({ ...q, sort: q.sort }, {
      key: auditSorts[q.sort], id: auditEntries.id, idCast: "bigint", rowId: (r) => String(r.id), where, map: toAuditDto,
      select: (w, orderBy, limit) => db.select().from(auditEntries).where(and(...w)).orderBy(...orderBy).limit(limit),
    });
  }
  const rows = await db.select().from(auditEntries).where(and(...where)).orderBy(desc(auditEntries.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, toAuditDto);
}

/** The actions and target types the log holds, for the filter form's suggestions (operators only). */
export async function auditVocabulary(actor: Actor): Promise<{ actions: string[]; targetTypes: string[] }> {
  if (!isAdmin(actor.principal.grants)) throw new ForbiddenError("Only operators can read the audit log.");
  const db = await getDb();
  const actions = await db.selectDistinct({ v: auditEntries.action }).from(auditEntries).orderBy(auditEntries.action).limit(500);
  const targets = await db.selectDistinct({ v: auditEntries.targetType }).from(auditEntries).orderBy(auditEntries.targetType).limit(100);
  return { actions: actions.map((r) => r.v), targetTypes: targets.map((r) => r.v) };
}

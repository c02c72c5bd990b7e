import { gt, ilike, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { can } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/principal";
import type { catalogListQuery } from "@/lib/contracts/catalog";
import type { Tx } from "@/lib/db/client";
import { fieldPath, type FieldError } from "@/lib/domain/catalog";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/http/errors";
import { decodeCursor } from "@/lib/http/pagination";
import { containsPattern } from "../search";

/** Helpers shared by the catalog services (partitions, sizes, images, layouts, reservations). */

export type CatalogListQuery = z.infer<typeof catalogListQuery>;

/** The catalog is readable by every authenticated caller (the tenant's read-only catalog). */
export function assertCatalogRead(actor: Actor): void {
  if (!can(actor.principal.grants, "catalog.read", { kind: "global" })) throw new ForbiddenError();
}

export function assertCatalogWrite(actor: Actor): void {
  if (!can(actor.principal.grants, "catalog.write", { kind: "global" })) {
    throw new ForbiddenError("Only operators can change the catalog.");
  }
}

/**
 * Domain rules name fields relative to the object they check ("constraints.1.max"); the route
 * wrapper names zod's as "body.constraints.1.max". Prefixing ours the same way lets a form map
 * both kinds onto its inputs.
 */
export function bodyFieldErrors(problems: FieldError[], at: string | number = ""): FieldError[] {
  return problems.map((p) => ({ field: fieldPath("body", at, p.field), message: p.message }));
}

export function throwIfInvalid(problems: FieldError[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Catalog ids are operator-chosen names; lists are ordered by id, which is also the cursor. */
export function catalogListWhere(cols: { id: PgColumn; name: PgColumn }, q: CatalogListQuery): SQL[] {
  const where: SQL[] = [];
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(cols.id, String(after)));
  if (q.q) where.push(or(ilike(cols.id, containsPattern(q.q)), ilike(cols.name, containsPattern(q.q)))!);
  return where;
}

/** `jsonbColumn @> ["value"]`: the JSON array contains the string. */
export function jsonArrayContains(column: PgColumn | SQL, value: string): SQL {
  return sql`${column} @> ${JSON.stringify([value])}::jsonb`;
}

/**
 * A 409 naming every kind of reference with its count ("size c1-large-x86 is used by
 * 3 machine(s) and 1 size reservation(s)"), or nothing when no count is positive.
 */
export function assertUnreferenced(what: string, references: { label: string; key: string; count: number }[]): void {
  const used = references.filter((r) => r.count > 0);
  if (used.length === 0) return;
  const parts = used.map((r) => `${r.count} ${r.label}(s)`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0];
  throw new ConflictError(`${what} is used by ${list}.`, "still_referenced", {
    references: Object.fromEntries(used.map((r) => [r.key, r.count])),
  });
}

/**
 * Overlap checks read every other row and then write one: two concurrent writers could each
 * miss the other's new row. This lock serialises the writers of one table (plain reads go on).
 */
export async function lockTableForOverlapCheck(t: Tx, table: "sizes" | "filesystem_layouts"): Promise<void> {
  await t.execute(sql.raw(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`));
}

import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { text } from "@/lib/domain/text";
import { BadRequestError } from "./errors";
import { encodeCursor, type Page } from "./pagination";

/**
 * Sorted lists with keyset cursors. A list sorted by some column pages by the pair
 * (sort value, id): the cursor carries the last row's pair, and the next page starts with a row
 * comparison `(expr, id) > (value, id)` (or `<` descending), which PostgreSQL answers from an
 * index and which never skips or repeats a row when values tie. Without `sort` a list keeps
 * its plain id order and its old cursors.
 */
const sortedCursor = z.object({ v: z.literal(2), s: text().max(40), o: z.enum(["asc", "desc"]), after: z.tuple([text().max(400), text().max(200)]) });

export function encodeSortedCursor(sort: string, order: "asc" | "desc", value: string, id: string): string {
  return Buffer.from(JSON.stringify({ v: 2, s: sort, o: order, after: [value, id] })).toString("base64url");
}

/** The (value, id) a sorted page continues after; a cursor of another sort or direction is refused. */
export function decodeSortedCursor(cursor: string | undefined, sort: string, order: "asc" | "desc"): [string, string] | undefined {
  if (!cursor) return undefined;
  let parsed: z.infer<typeof sortedCursor>;
  try {
    parsed = sortedCursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new BadRequestError("The cursor is not valid; use the nextCursor of a previous page.", "invalid_cursor");
  }
  if (parsed.s !== sort || parsed.o !== order) throw new BadRequestError("The cursor belongs to another sort order; start again without a cursor.", "invalid_cursor");
  return parsed.after;
}

/** A sortable expression and how a cursor's string value is cast back to its type. */
export type SortKey = { expr: SQL | AnyColumn; cast?: "inet" | "timestamptz" | "bigint" };

/** WHERE and ORDER BY of one sorted page. */
export function keyset(key: SortKey, id: AnyColumn, order: "asc" | "desc", after: [string, string] | undefined, idCast?: "bigint"): { where?: SQL; orderBy: SQL[] } {
  const expr = key.cast ? sql`(${key.expr})::${sql.raw(key.cast)}` : sql`${key.expr}`;
  const dir = sql.raw(order === "asc" ? "asc" : "desc");
  const orderBy = [sql`${expr} ${dir}`, sql`${id} ${dir}`];
  if (!after) return { orderBy };
  const value = key.cast ? sql`(${after[0]})::${sql.raw(key.cast)}` : sql`${after[0]}`;
  const cmp = sql.raw(order === "asc" ? ">" : "<");
  const idValue = idCast ? sql`(${after[1]})::${sql.raw(idCast)}` : sql`${after[1]}`;
  return { where: sql`(${expr}, ${id}) ${cmp} (${value}, ${idValue})`, orderBy };
}

/** A page of a sorted list; rows are fetched with limit + 1 as everywhere. */
export function toSortedPage<R, T>(rows: R[], limit: number, sort: string, order: "asc" | "desc", value: (r: R) => string, id: (r: R) => string, map: (r: R) => T) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: more ? encodeSortedCursor(sort, order, value(last), id(last)) : null };
}

/** A sort key of one list: its SQL expression, and how to read a row's value for the next cursor. */
export type RowSortKey<R> = SortKey & { value: (r: R) => string };

/**
 * One page of a list sorted by `sort`: adds the keyset condition to the list's filters, lets the
 * caller run its own select with them, and builds the page with the next sorted cursor.
 */
export async function sortedPage<R, T>(q: { sort: string; order?: "asc" | "desc"; cursor?: string; limit: number }, o: {
  key: RowSortKey<R>;
  id: AnyColumn;
  idCast?: "bigint";
  rowId: (r: R) => string;
  where: (SQL | undefined)[];
  select: (where: (SQL | undefined)[], orderBy: SQL[], limit: number) => Promise<R[]>;
  map: (r: R) => T;
}): Promise<Page<T>> {
  const order = q.order ?? "asc";
  const page = keyset(o.key, o.id, order, decodeSortedCursor(q.cursor, q.sort, order), o.idCast);
  const rows = await o.select(page.where ? [...o.where, page.where] : o.where, page.orderBy, q.limit + 1);
  return toSortedPage(rows, q.limit, q.sort, order, o.key.value, o.rowId, o.map);
}

/**
 * One numbered page (`page=N`): the rows at offset limit × (N − 1) in the list's order (the sort
 * key then id, or id alone in the list's plain order), and `total`, the count under the same
 * filters, so a pager can show "1 2 3 … 200". Offset and count cost grows with the list; at
 * 10,000 machines a page stays within the lists' budget (bench/lists.ts measures it). The next
 * cursor is still given, so a client can continue by keyset from any numbered page.
 */
export async function numberedPage<R, T>(q: { sort?: string; order?: "asc" | "desc"; cursor?: string; limit: number; page: number }, o: {
  /** The sort key of q.sort; absent: the list's plain id order. */
  key?: RowSortKey<R>;
  id: AnyColumn;
  /** Direction of the plain id order (the audit log is newest first). */
  idOrder?: "asc" | "desc";
  rowId: (r: R) => string;
  where: (SQL | undefined)[];
  select: (where: (SQL | undefined)[], orderBy: SQL[], limit: number, offset: number) => Promise<R[]>;
  count: (where: (SQL | undefined)[]) => Promise<number>;
  map: (r: R) => T;
}): Promise<{ items: T[]; nextCursor: string | null; total: number }> {
  if (q.cursor) throw new BadRequestError("Give either page or cursor, not both.", "invalid_cursor");
  const offset = q.limit * (q.page - 1);
  if (q.sort && o.key) {
    const order = q.order ?? "asc";
    const { orderBy } = keyset(o.key, o.id, order, undefined);
    const [rows, total] = await Promise.all([o.select(o.where, orderBy, q.limit + 1, offset), o.count(o.where)]);
    return { ...toSortedPage(rows, q.limit, q.sort, order, o.key.value, o.rowId, o.map), total };
  }
  const dir = sql.raw(o.idOrder ?? "asc");
  const [rows, total] = await Promise.all([o.select(o.where, [sql`${o.id} ${dir}`], q.limit + 1, offset), o.count(o.where)]);
  const more = rows.length > q.limit;
  const pageRows = more ? rows.slice(0, q.limit) : rows;
  return { items: pageRows.map(o.map), nextCursor: more ? encodeCursor(o.rowId(pageRows[pageRows.length - 1])) : null, total };
}

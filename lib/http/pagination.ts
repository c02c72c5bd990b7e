import { z } from "zod";
import { text } from "@/lib/domain/text";
import { BadRequestError } from "./errors";

/**
 * Opaque cursors: base64url of a small JSON {v, after}. Lists are ordered by a unique,
 * monotonic key (UUIDv7 ids or identity columns), so "after" alone positions the next page.
 */
export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: text().max(200).optional(),
});
export type PaginationQuery = z.infer<typeof paginationQuery>;

/** Numbered pages read by offset; beyond this the cursor is the way (and no one clicks that far). */
export const MAX_PAGE = 10_000;

/**
 * `sort`, `order` and `page` of a sortable list (the keyset paging behind them is lib/http/sorting.ts).
 * Here, not there: contracts (and so the CLI) need the schema, not the SQL.
 */
export function sortParams<const K extends readonly [string, ...string[]]>(keys: K) {
  return {
    sort: z.enum(keys).optional().describe(`Sort key: ${keys.join(", ")}. Without it the list is in id order.`),
    order: z.enum(["asc", "desc"]).optional().describe("Sort direction (default asc); needs sort"),
    page: z.coerce.number().int().min(1).max(MAX_PAGE).optional()
      .describe("1-based page number for numbered pages (offset limit × (page − 1)); the response then carries `total`. Excludes cursor."),
  };
}


const cursorPayload = z.object({ v: z.literal(1), after: z.union([text(), z.number()]) });

export function encodeCursor(after: string | number): string {
  return Buffer.from(JSON.stringify({ v: 1, after })).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): string | number | undefined {
  if (!cursor) return undefined;
  try {
    return cursorPayload.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))).after;
  } catch {
    throw new BadRequestError("The cursor is not valid; use the nextCursor of a previous page.", "invalid_cursor");
  }
}

export type Page<T> = { items: T[]; nextCursor: string | null; total?: number };

/** Callers fetch limit + 1 rows; the extra row only says whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => string | number, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: more ? encodeCursor(key(pageRows[pageRows.length - 1])) : null,
  };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: text().nullable(),
    total: z.number().int().min(0).optional().describe("How many items match the filters; only with `page` (numbered pages)"),
  });
}

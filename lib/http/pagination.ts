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

export type Page<T> = { items: T[]; nextCursor: string | null };

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
  return z.object({ items: z.array(item), nextCursor: text().nullable() });
}

import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./client";

/**
 * A node-postgres style `executeSql(text, values)` over a drizzle executor, so libraries that
 * take such an adapter (pg-boss's `send(…, { db })`) run inside our open transaction: a job sent
 * this way exists only if the transaction commits. `$n` placeholders become drizzle parameters.
 */
export function executorSql(ex: Executor) {
  return {
    async executeSql(text: string, values: unknown[] = []): Promise<{ rows: unknown[] }> {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`));
      const result = (await ex.execute(sql.join(chunks, sql.raw("")))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

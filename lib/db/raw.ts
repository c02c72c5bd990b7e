import type { SQL } from "drizzle-orm";
import type { Executor } from "./client";

/** Runs a raw SQL statement on either engine and returns its rows (both drivers expose `.rows`). */
export async function queryRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

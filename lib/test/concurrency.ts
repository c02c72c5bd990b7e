import { vi } from "vitest";
import type { Database } from "@/lib/db/client";

/**
 * Tools for tests that interleave transactions on PostgreSQL deterministically: instead of
 * sleeping and hoping, a test holds one transaction open at a chosen point (a gate) and waits
 * until the other is known to be blocked on a lock (pg_stat_activity) or finished.
 */
export type Gate = { promise: Promise<void>; open: () => void };

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** How many sessions of the test's database wait for a lock right now. */
export async function lockWaiters(database: Database): Promise<number> {
  const { rows } = await database.raw.query<{ n: number }>(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
  );
  return rows[0].n;
}

/**
 * Resolves once `work` has settled or `waiters` sessions wait for a lock (so the work is known
 * to be stuck behind a transaction the test holds open); rejects after `timeoutMs`.
 */
export async function settledOrBlocked(database: Database, work: Promise<unknown>, waiters = 1, timeoutMs = 10_000): Promise<"settled" | "blocked"> {
  let settled = false;
  work.then(() => (settled = true), () => (settled = true));
  return vi.waitFor(async () => {
    if (settled) return "settled" as const;
    if ((await lockWaiters(database)) >= waiters) return "blocked" as const;
    throw new Error(`neither settled nor blocked on a lock after ${timeoutMs} ms`);
  }, { timeout: timeoutMs, interval: 20 });
}

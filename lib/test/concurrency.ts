import pg from "pg";
import { vi } from "vitest";
import { type Database, openPostgres, setDatabase } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

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

/**
 * The database test pool has 20 connections: 100 "concurrent" transactions on it are 20 at a
 * time. A race that claims N runs `fn` with the process database swapped for a pool of exactly
 * N connections to the same test database, and reports how many it opened (N when the race
 * really had N transactions in flight at once).
 *
 * Races take turns across test files and checkouts sharing the PostgreSQL server (a session
 * advisory lock in the TEST_DATABASE_URL database), so the server needs room for one race at a
 * time: N + the other files' pools. `.ci/run` raises max_connections to 400 when it is lower
 * (the largest race opens 300).
 */
export async function withConnections<T>(database: Database, connections: number, fn: (wide: Database) => Promise<T>): Promise<{ result: T; opened: number }> {
  if (!database.pool) throw new Error("withConnections needs PostgreSQL: PGlite runs one transaction at a time");
  const turn = new pg.Client({ connectionString: getEnv().testDatabaseUrl });
  await turn.connect();
  try {
    await turn.query("select pg_advisory_lock(hashtext('metal-cloud tests: one race at a time'))");
    const wide = openPostgres((database.pool.options as { connectionString: string }).connectionString, connections);
    let opened = 0;
    wide.pool!.on("connect", () => (opened += 1));
    setDatabase(wide);
    try {
      return { result: await fn(wide), opened };
    } finally {
      setDatabase(database);
      await wide.raw.close();
    }
  } finally {
    await turn.end(); // ends the session: the advisory lock goes with it
  }
}

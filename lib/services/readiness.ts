import fs from "node:fs";
import path from "node:path";
import type { ReadinessDto } from "@/lib/contracts/me";
import { getDatabase } from "@/lib/db/client";
import { migrationsFolder } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";
import { currentQueue } from "@/lib/jobs/runtime";
import { isShuttingDown } from "@/lib/runtime/shutdown";

/** The migrations this build ships (drizzle-kit's journal). */
function expectedMigrations(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/**
 * Readiness (GET /api/v1/health/ready), unlike liveness (/api/v1/health), decides whether this
 * replica gets traffic: the database answers, every migration this build ships is applied (a
 * replica of a newer build waits for its migrations), workers run where this process is meant to
 * run them, and the process is not shutting down (draining for a rolling restart).
 * External workers are reported but do not make a web replica unready: taking every replica
 * out of rotation because the workers are down would turn a partial outage into a full one.
 */
export async function getReadiness(): Promise<ReadinessDto> {
  const expected = expectedMigrations();
  const inProcess = getEnv().runWorkers;
  let database: ReadinessDto["checks"]["database"];
  let migrations: ReadinessDto["checks"]["migrations"] = { ok: false, applied: null, expected };
  let lastSeenAt: string | null = null;
  try {
    const { raw } = await getDatabase();
    const started = performance.now();
    await raw.query("select 1");
    database = { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    const applied = await raw.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations").then((r) => r.rows[0].n, () => 0);
    migrations = { ok: applied >= expected, applied, expected };
    const clock = await raw.query<{ cron_on: Date | string | null }>("select cron_on from pgboss.version limit 1").then((r) => r.rows[0]?.cron_on ?? null, () => null);
    lastSeenAt = clock ? new Date(clock).toISOString() : null;
  } catch (err) {
    const code = (err as { code?: unknown })?.code;
    database = { ok: false, latencyMs: null, error: typeof code === "string" ? `database error ${code}` : "unreachable" };
  }
  const workersOk = inProcess ? (await currentQueue()?.then((q) => q.workers, () => false)) === true : true;
  const shuttingDown = isShuttingDown();
  return {
    ready: database.ok && migrations.ok && workersOk && !shuttingDown,
    checks: { database, migrations, workers: { ok: workersOk, mode: inProcess ? "in-process" : "external", lastSeenAt }, shuttingDown },
  };
}

import type { HealthDto } from "@/lib/contracts/me";
import { getDatabase } from "@/lib/db/client";
import { currentQueue } from "@/lib/jobs/runtime";

const VERSION = "0.1.0";

function message(err: unknown): string {
  // Only the class of failure, never connection strings or hosts.
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" ? `database error ${code}` : "unreachable";
}

/** Database and job-queue status; degraded when either cannot answer. */
export async function getHealth(): Promise<HealthDto> {
  let engine = "unknown";
  let db: HealthDto["database"];
  let queue: HealthDto["queue"];
  const inProcess = currentQueue() !== undefined;
  try {
    const database = await getDatabase();
    engine = database.raw.engine;
    const started = performance.now();
    await database.raw.query("select 1");
    db = { ok: true, engine, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    try {
      const r = await database.raw.query<{ queued: number; failed: number }>(
        "select count(*) filter (where state in ('created','retry'))::int as queued, count(*) filter (where state = 'failed')::int as failed from pgboss.job",
      );
      queue = { ok: true, workersInProcess: inProcess, queued: r.rows[0].queued, failed: r.rows[0].failed };
    } catch (err) {
      queue = { ok: false, workersInProcess: inProcess, queued: null, failed: null, error: (err as { code?: string }).code === "42P01" ? "queue schema not installed (no worker has started yet)" : message(err) };
    }
  } catch (err) {
    db = { ok: false, engine, latencyMs: null, error: message(err) };
    queue = { ok: false, workersInProcess: inProcess, queued: null, failed: null, error: "database unavailable" };
  }
  return { status: db.ok && queue.ok ? "ok" : "degraded", version: VERSION, database: db, queue };
}

import PgBoss from "pg-boss";
import type { RawSql } from "@/lib/db/client";
import { errFields, log } from "@/lib/log";

/**
 * pg-boss over our own database handle, so it runs on PGlite as well as PostgreSQL.
 * Parameterised SQL goes through `query`; parameterless SQL may hold several statements
 * (pg-boss's schema migrations), so it goes through `exec`, answering like node-postgres:
 * one result, or an array with one result per statement.
 */
export function bossDbAdapter(raw: RawSql) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return raw.query(text, values);
      const results = await raw.exec(text);
      return results.length === 1 ? results[0] : (results as unknown as { rows: unknown[] });
    },
  };
}

export function createBoss(raw: RawSql, opts: { supervise?: boolean; schedule?: boolean } = {}): PgBoss {
  const boss = new PgBoss({
    db: bossDbAdapter(raw),
    schema: "pgboss",
    supervise: opts.supervise ?? true,
    schedule: opts.schedule ?? true,
    // PGlite serialises every query; a slower monitor keeps the queue's own chatter low.
    monitorStateIntervalSeconds: 60,
  });
  // pg-boss reports its own failures (a dropped connection while fetching, say) here and retries
  // by itself; without a listener they would be unhandled 'error' events.
  boss.on("error", (err) => log("jobs").warn(errFields(err), "job queue error"));
  return boss;
}

import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type Database, openPglite, openPostgres, setDatabase } from "@/lib/db/client";
import { closeListeners } from "@/lib/db/listen";
import { runMigrations } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";

export type Engine = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return getEnv().testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database: an in-memory PGlite, or a new PostgreSQL database created for
 * this test file and dropped afterwards. It becomes the process database for the services.
 */
export async function freshDatabase(engine: Engine): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (engine === "pglite") {
    const database = openPglite(await PGlite.create());
    await runMigrations(database);
    setDatabase(database);
    return {
      database,
      cleanup: async () => {
        await closeListeners(); // LISTEN subscribers (machine waits, streams, job wake-ups) hear onLost
        await database.raw.close();
      },
    };
  }
  const adminUrl = getEnv().testDatabaseUrl!;
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const database = openPostgres(withDatabaseName(adminUrl, name), 20);
  await runMigrations(database);
  setDatabase(database);
  return {
    database,
    cleanup: async () => {
      await closeListeners();
      await database.raw.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

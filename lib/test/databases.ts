import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type Database, openPglite, openPostgres, setDatabase } from "@/lib/db/client";
import { closeListeners } from "@/lib/db/listen";
import { runMigrations } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";

export type Engine = "pglite" | "postgres";

const ENABLE_POSTGRES = "start PostgreSQL and set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/metal_test (any database the user may CREATE DATABASE from; each test file creates and drops its own)";
const warned = new Set<string>();

/**
 * The PostgreSQL server for tests, or null without one. Under CI a missing server is an error
 * (thrown while the test file loads, so the file fails) rather than a silent skip: the
 * concurrency tests only mean something on PostgreSQL. Locally it prints how to enable them.
 */
export function requirePostgres(what: string): string | null {
  const { testDatabaseUrl, ci } = getEnv();
  if (testDatabaseUrl) return testDatabaseUrl;
  if (ci) throw new Error(`${what} needs PostgreSQL under CI, and TEST_DATABASE_URL is not set: ${ENABLE_POSTGRES}.`);
  if (!warned.has(what)) console.warn(`${what}: skipping the PostgreSQL runs; to run them, ${ENABLE_POSTGRES}.`);
  warned.add(what);
  return null;
}

/** The test file that called, for messages (from the stack: these run while a test file loads). */
function callingTestFile(): string {
  const frame = new Error().stack?.split("\n").find((line) => /\.test\.ts/.test(line));
  return frame?.match(/([^/\\( ]+\.test\.ts)/)?.[1] ?? "a test file";
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (and under CI, where it must be). */
export function testEngines(): Engine[] {
  return requirePostgres(callingTestFile()) ? ["pglite", "postgres"] : ["pglite"];
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

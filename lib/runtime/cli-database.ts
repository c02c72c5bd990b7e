import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type Database, openPglite, openPostgres, setDatabase } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";
import { runningPgliteUrl } from "./pglite-socket";

/**
 * The database for shell commands: PostgreSQL when DATABASE_URL is set; otherwise the embedded
 * PGlite — through the running app's loopback socket when the app owns the data directory,
 * or opened directly when it does not. Migrations are applied first, so a command works on a
 * brand-new installation too.
 */
export async function openCliDatabase(): Promise<{ database: Database; via: string }> {
  const env = getEnv();
  let database: Database;
  let via: string;
  if (env.database.engine === "postgres") {
    database = openPostgres(env.database.url, 2);
    via = "PostgreSQL (DATABASE_URL)";
  } else {
    const socketUrl = runningPgliteUrl(env.database.dir);
    if (socketUrl) {
      database = openPostgres(socketUrl, 1);
      via = `the running app's embedded database (${env.database.dir})`;
    } else {
      fs.mkdirSync(path.dirname(env.database.dir), { recursive: true });
      database = openPglite(await PGlite.create(env.database.dir));
      via = `embedded database ${env.database.dir}`;
    }
  }
  await runMigrations(database);
  setDatabase(database);
  return { database, via };
}

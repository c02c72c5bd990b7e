import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { Database } from "./client";
import { retryConcurrentSetup } from "./concurrent-setup";

export const migrationsFolder = path.join(process.cwd(), "drizzle");

/** Applies the committed drizzle-kit migrations; idempotent, safe at every start (also several processes at once). */
export async function runMigrations(database: Database): Promise<void> {
  if (database.raw.engine === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await retryConcurrentSetup("migrations", () => migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder }));
  }
}

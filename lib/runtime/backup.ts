import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openPglite } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { runningPgliteUrl } from "./pglite-socket";

/**
 * Backups of the embedded database (PGlite): its data directory as one gzipped tarball
 * (PGlite's own dumpDataDir / loadDataDir, so the copy is consistent: PGlite writes it from
 * its open database). PostgreSQL installations use pg_dump / pg_restore or their provider's
 * backups instead (docs/operations.md).
 *
 * Both need the data directory to themselves: PGlite allows a single owner, and while `npm start`
 * runs, the app owns it. Stop the app first (a backup takes seconds).
 */
function assertNotRunning(dir: string): void {
  if (runningPgliteUrl(dir)) throw new Error(`the app is running on ${dir}: stop it first (PGlite allows one owner of its data directory), then run this again`);
}

export async function backupPglite(dir: string, file: string): Promise<{ bytes: number; tables: number }> {
  assertNotRunning(dir);
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) throw new Error(`no embedded database in ${dir}`);
  const pglite = await PGlite.create(dir);
  try {
    const tables = (await pglite.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')")).rows[0].n;
    const dump = await pglite.dumpDataDir("gzip");
    const bytes = Buffer.from(await dump.arrayBuffer());
    // Written next to its final name and renamed: a crash never leaves half a backup under it.
    const tmp = `${file}.partial-${process.pid}`;
    fs.writeFileSync(tmp, bytes, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return { bytes: bytes.length, tables };
  } finally {
    await pglite.close();
  }
}

/**
 * Restores a backup into `dir`. An existing database there is never deleted: with `force` it is
 * moved aside to `<dir>.before-restore-<time>`; without, the restore refuses. Migrations run
 * afterwards, so an older backup comes up on the current schema.
 */
export async function restorePglite(file: string, dir: string, opts: { force?: boolean } = {}): Promise<{ movedAside: string | null }> {
  assertNotRunning(dir);
  if (!fs.existsSync(file)) throw new Error(`no backup file ${file}`);
  let movedAside: string | null = null;
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!opts.force) throw new Error(`${dir} already holds a database: pass --force to move it aside (it is kept as ${path.basename(dir)}.before-restore-…)`);
    movedAside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(dir, movedAside);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const blob = new Blob([fs.readFileSync(file)]);
  const pglite = await PGlite.create({ dataDir: dir, loadDataDir: blob });
  try {
    await runMigrations(openPglite(pglite));
  } finally {
    await pglite.close();
  }
  return { movedAside };
}

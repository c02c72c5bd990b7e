import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openPglite, setDatabase } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { allocation, insertWaitingMachines, setupAcmeProject, setupCatalog } from "@/lib/services/machines/allocation.fixtures";
import { makeTenant } from "@/lib/test/fixtures";
import { backupPglite } from "./backup";
import { socketInfoFile } from "./pglite-socket";

/**
 * Issue 14 item 8: `npm run admin -- backup|restore` round-trips a populated embedded database
 * (the real command, in its own process, on a real PGlite data directory).
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ops-backup-"));
const dir = path.join(root, "pglite");
const file = path.join(root, "metal.backup.tgz");

const SNAPSHOT = `select
  (select count(*) from tenants)::int as tenants, (select count(*) from projects)::int as projects,
  (select count(*) from machines)::int as machines, (select count(*) from machine_allocations)::int as allocations,
  (select count(*) from ips)::int as ips, (select count(*) from audit_entries)::int as audit,
  (select string_agg(hostname, ',' order by hostname) from machine_allocations) as hostnames`;

async function snapshotOf(dataDir: string): Promise<Record<string, unknown>> {
  const pglite = await PGlite.create(dataDir);
  try {
    return (await pglite.query<Record<string, unknown>>(SNAPSHOT)).rows[0];
  } finally {
    await pglite.close();
  }
}

function admin(args: string[], pgliteDir: string) {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
    env: { ...env, PGLITE_DIR: pgliteDir, DATA_DIR: root },
    encoding: "utf8", timeout: 120_000,
  });
  return { code: r.status, stderr: r.stderr };
}

describe("backup and restore of the embedded database", () => {
  let before: Record<string, unknown>;

  beforeAll(async () => {
    const pglite = await PGlite.create(dir);
    const database = openPglite(pglite);
    await runMigrations(database);
    setDatabase(database);
    await setupCatalog();
    const { projectId, owner } = await setupAcmeProject();
    await insertWaitingMachines(database.db, 3);
    await allocateMachine(owner, allocation(projectId, { hostname: "web-1" }));
    await allocateMachine(owner, allocation(projectId, { hostname: "web-2" }));
    await closeDatabase();
    before = await snapshotOf(dir);
    expect(before).toMatchObject({ tenants: 1, machines: 3, allocations: 2, hostnames: "web-1,web-2" });
  }, 120_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("backs up, refuses to overwrite a database without --force, and restores the backed-up state", async () => {
    const backup = admin(["backup", file], dir);
    expect(backup.stderr).toMatch(/backed up/);
    expect(backup.code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    // A change after the backup, which the restore must undo.
    {
      const pglite = await PGlite.create(dir);
      setDatabase(openPglite(pglite));
      await makeTenant("after-backup");
      await closeDatabase();
    }
    expect((await snapshotOf(dir)).tenants).toBe(2);

    const refused = admin(["restore", file], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--force/);
    expect((await snapshotOf(dir)).tenants).toBe(2);

    const restored = admin(["restore", file, "--force"], dir);
    expect(restored.stderr).toMatch(/restored/);
    expect(restored.code).toBe(0);
    expect(await snapshotOf(dir)).toEqual(before);
    // The replaced database was moved aside, not deleted.
    const aside = fs.readdirSync(root).filter((f) => f.startsWith("pglite.before-restore-"));
    expect(aside).toHaveLength(1);
    expect((await snapshotOf(path.join(root, aside[0]))).tenants).toBe(2);

    // And into a brand-new directory (a new host).
    const fresh = path.join(root, "elsewhere", "pglite");
    expect(admin(["restore", file], fresh).code).toBe(0);
    expect(await snapshotOf(fresh)).toEqual(before);
  }, 180_000);

  it("refuses while the app owns the data directory, and points PostgreSQL users to pg_dump", async () => {
    fs.writeFileSync(socketInfoFile(dir), JSON.stringify({ port: 1, pid: process.pid }));
    try {
      await expect(backupPglite(dir, path.join(root, "x.tgz"))).rejects.toThrow(/stop it first/);
    } finally {
      fs.unlinkSync(socketInfoFile(dir));
    }
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", "backup", "x.tgz"], {
      env: { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" }, encoding: "utf8", timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pg_dump/);
  }, 60_000);
});

/**
 * `npm run bench:provision`: provisioning end to end in the lab, over real HTTP.
 *   1. allocation call → "Phoned Home", one machine at a time, 20 times (target p50 < 2 s):
 *      POST /api/v1/machines with a bearer token, the waiting agent's long poll returns, it
 *      downloads and checks the image, writes it to its disk files, reports, "kexecs" and phones home;
 *   2. 50 machines allocated concurrently, all until "Phoned Home" (target: all within 30 s);
 *   3. the allocation API with 1,000 registered machines (bench/allocation-api.ts; target p50 < 50 ms
 *      on PostgreSQL).
 * The lab runs the real machine agent in this process against the real route modules behind
 * node:http (lab/route-server.ts); "instant hardware" = no firmware or POST delays, 1 MiB images.
 * PGlite always; PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { appRouteTable } from "@/lab/app-routes";
import { serveRoutes } from "@/lab/route-server";
import { type Lab, startLab } from "@/lab/runner";
import { machines } from "@/lib/db/schema";
import { listenChannel } from "@/lib/db/listen";
import { getEnv, resetEnv } from "@/lib/env";
import { freshDatabase, type Engine } from "@/lib/test/databases";
import { benchAllocationApi } from "./allocation-api";
import { labTenant } from "./lab-support";
import { percentile } from "./stats";

type Row = { engine: string; scenario: string; n: number; p50: string; p95: string; max: string; target: string };
const rows: Row[] = [];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Resolves with the time each machine first reached `state` (awaiting NOTIFYs, not sleeping). */
async function reached(db: Awaited<ReturnType<typeof freshDatabase>>["database"]["db"], ids: string[], state: string, timeoutMs: number): Promise<Map<string, number>> {
  const at = new Map<string, number>();
  let wake = () => {};
  const unlisten = await listenChannel("machine_changed", (id) => ids.includes(id) && wake());
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const changed = new Promise<void>((r) => (wake = r));
      const current = await db.select({ id: machines.id, state: machines.provisioningState }).from(machines).where(inArray(machines.id, ids));
      for (const m of current) if (m.state === state && !at.has(m.id)) at.set(m.id, Date.now());
      if (at.size === ids.length) return at;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${ids.length - at.size} machine(s) did not reach ${state} within ${timeoutMs / 1000} s`);
      await Promise.race([changed, new Promise((r) => setTimeout(r, Math.min(left, 1000)))]);
    }
  } finally {
    unlisten();
  }
}

async function labScenario(engine: Engine, count: number, run: (ctx: { lab: Lab; allocate: (i: number) => Promise<string>; reached: typeof reached; db: Awaited<ReturnType<typeof freshDatabase>>["database"]["db"] }) => Promise<void>) {
  const { database, cleanup } = await freshDatabase(engine);
  const server = await serveRoutes(await appRouteTable());
  resetEnv({ APP_URL: server.url, BOOT_URL: server.url });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-provision-"));
  let lab: Lab | undefined;
  try {
    const tenant = await labTenant(server.url);
    lab = await startLab({ apiUrl: server.url, partitionId: "lab", bootCredential: tenant.bootCredential, dataDir, machines: count, sizes: ["c1-small-x86"], phoneHomeIntervalSeconds: 60, log: () => () => {} });
    await reached(database.db, lab.machines.map((m) => m.id), "Waiting", 120_000);
    await run({ lab, allocate: tenant.allocate, reached, db: database.db });
  } finally {
    await lab?.stop();
    await server.close();
    resetEnv();
    await cleanup();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function bench(engine: Engine) {
  await labScenario(engine, 20, async ({ allocate, db }) => {
    const t: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = Date.now();
      const id = await allocate(i);
      const done = await reached(db, [id], "Phoned Home", 60_000);
      t.push(done.get(id)! - start);
    }
    t.sort((a, b) => a - b);
    rows.push({ engine, scenario: "allocation call → Phoned Home, one at a time", n: 20, p50: s(percentile(t, 50)), p95: s(percentile(t, 95)), max: s(t[t.length - 1]), target: `p50 < 2 s: ${percentile(t, 50) < 2000 ? "met" : "MISSED"}` });
  });
  await labScenario(engine, 50, async ({ allocate, db }) => {
    const start = Date.now();
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => allocate(i)));
    const allocatedIn = Date.now() - start;
    const done = await reached(db, ids, "Phoned Home", 120_000);
    const t = [...done.values()].map((v) => v - start).sort((a, b) => a - b);
    const wall = t[t.length - 1];
    rows.push({ engine, scenario: `50 concurrent allocations → all Phoned Home (allocated in ${s(allocatedIn)})`, n: 50, p50: s(percentile(t, 50)), p95: s(percentile(t, 95)), max: s(wall), target: `all < 30 s: ${wall < 30_000 ? "met" : "MISSED"}` });
  });
}

async function main() {
  const engines: Engine[] = getEnv().testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];
  for (const e of engines) await bench(e);
  console.log(`\nProvisioning in the lab over HTTP (${os.cpus().length} cores):`);
  console.table(rows);
  await benchAllocationApi(engines);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});

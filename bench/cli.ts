/**
 * `npm run bench:cli`: the `metal` CLI's start-up and `metal machine ls` against 1,000 machines,
 * end to end (a new process each time: node start, the bundle, config, two pages of 500 over
 * real HTTP from the real route modules and database, the table on stdout). Target < 500 ms.
 * 500 of the machines are allocated (hostname, image, IPv4 + IPv6), 500 wait in the pool; an
 * operator token lists all of them. PGlite always; PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { appRouteTable } from "@/lab/app-routes";
import { serveRoutes } from "@/lab/route-server";
import { allocateMachineInput } from "@/lib/contracts/machines";
import { getEnv } from "@/lib/env";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { PARTITION, setupAcmeProject, setupCatalog, SIZE } from "@/lib/services/machines/allocation.fixtures";
import { createToken } from "@/lib/services/tokens";
import { freshDatabase, type Engine } from "@/lib/test/databases";
import { makeUser } from "@/lib/test/fixtures";
import { MACHINES, registerMachines } from "./allocation-api";
import { percentile } from "./stats";

const RUNS = 15;
const ALLOCATED = 500;
const home = mkdtempSync(path.join(os.tmpdir(), "bench-cli-"));
type Row = { engine: string; command: string; runs: number; min: string; p50: string; p90: string; max: string; "cpu p50": string; note: string };
const rows: Row[] = [];

/** GNU time reports the child's CPU time (user + sys): what the CLI costs, whatever else runs on the machine. */
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

function metal(args: string[], env: Record<string, string>): Promise<{ ms: number; cpuMs: number | null; stdout: string; code: number }> {
  const start = performance.now();
  const argv = [path.resolve("bin/metal.cjs"), ...args];
  const child = TIME
    ? spawn(TIME, ["-f", "cpu %U %S", process.execPath, ...argv], { env: { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", ...env } as unknown as NodeJS.ProcessEnv })
    : spawn(process.execPath, argv, { env: { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", ...env } as unknown as NodeJS.ProcessEnv });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise((resolve) => child.on("close", (code) => {
    const cpu = /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(stderr);
    resolve({ ms: performance.now() - start, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null, stdout, code: code ?? -1 });
  }));
}

async function time(engine: string, label: string, args: string[], env: Record<string, string>, check: (stdout: string) => string, note = ""): Promise<number> {
  await metal(args, env); // warm the OS file cache (and build the bundle if it is stale)
  const t: number[] = [];
  const cpu: number[] = [];
  let checked = "";
  for (let i = 0; i < RUNS; i++) {
    const r = await metal(args, env);
    if (r.code !== 0) throw new Error(`metal ${args.join(" ")} exited ${r.code}`);
    checked = check(r.stdout);
    t.push(r.ms);
    if (r.cpuMs !== null) cpu.push(r.cpuMs);
  }
  t.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  rows.push({ engine, command: label, runs: RUNS, min: ms(t[0]), p50: ms(percentile(t, 50)), p90: ms(percentile(t, 90)), max: ms(t[t.length - 1]), "cpu p50": cpu.length ? ms(percentile(cpu, 50)) : "", note: [checked, note].filter(Boolean).join("; ") });
  return percentile(t, 50);
}

async function bench(engine: Engine) {
  const { database, cleanup } = await freshDatabase(engine);
  const server = await serveRoutes(await appRouteTable());
  try {
    await setupCatalog();
    const { projectId, owner } = await setupAcmeProject();
    await registerMachines(database.db);
    for (let i = 0; i < ALLOCATED; i++) {
      await allocateMachine(owner, allocateMachineInput.parse({ projectId, partitionId: PARTITION, sizeId: SIZE, image: "ubuntu-24.04", hostname: `web-${String(i).padStart(4, "0")}` }));
    }
    const admin = await makeUser("ops@bench", ["metal-admins"]);
    const token = (await createToken(admin, { description: "bench", roles: admin.grants, expiresAt: new Date(Date.now() + 86_400_000) })).secret;
    const env = { METAL_URL: server.url, METAL_TOKEN: token };

    await time(engine, "metal --version (start-up only)", ["--version"], {}, () => "");
    const p50 = await time(engine, `metal machine ls (${MACHINES} machines, table)`, ["machine", "ls"], env, (out) => `${out.trim().split("\n").length - 1} rows`);
    await time(engine, `metal machine ls -o json (${MACHINES} machines)`, ["machine", "ls", "-o", "json"], env, (out) => `${(JSON.parse(out) as { items: unknown[] }).items.length} items`);
    const t = performance.now();
    const page = await fetch(`${server.url}/api/v1/machines?limit=500`, { headers: { authorization: `Bearer ${token}` } });
    await page.arrayBuffer();
    rows.push({ engine, command: "GET /api/v1/machines?limit=500 (one page, in-process fetch)", runs: 1, min: "", p50: `${(performance.now() - t).toFixed(0)} ms`, p90: "", max: "", "cpu p50": "", note: `server share; target for ls: p50 < 500 ms: ${p50 < 500 ? "met" : "MISSED"}` });
  } finally {
    await server.close();
    await cleanup();
  }
}

async function main() {
  await metal(["--version"], {}); // builds the bundle if it is stale, untimed
  const node: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await new Promise((r) => spawn(process.execPath, ["-e", "0"]).on("close", r));
    node.push(performance.now() - s);
  }
  node.sort((a, b) => a - b);
  rows.push({ engine: "-", command: "node -e 0 (bare Node.js start, for reference)", runs: RUNS, min: `${node[0].toFixed(0)} ms`, p50: `${percentile(node, 50).toFixed(0)} ms`, p90: `${percentile(node, 90).toFixed(0)} ms`, max: `${node[node.length - 1].toFixed(0)} ms`, "cpu p50": "", note: "" });
  for (const engine of (getEnv().testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"]) as Engine[]) await bench(engine);
  console.log(`\nmetal CLI, a new process per run (${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}):`);
  console.table(rows);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});

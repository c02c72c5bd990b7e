/**
 * The allocation API benchmark (`npm run bench:provision-api`, and part of `npm run bench:provision`): latency of the allocation API with 1,000 registered machines
 * waiting in one partition (10 racks), each timed operation one whole transaction as the API
 * runs it (authorisation, catalog checks, reservations, rack spreading, SKIP LOCKED claim,
 * dual-stack IPs from the IPAM, ASN, allocation row, audit entry, NOTIFY).
 *   - allocateMachine through the service, 200 allocations (target p50 < 50 ms)
 *   - POST /api/v1/machines through the route handler (bearer token, zod, JSON), 100 allocations
 *   - freeMachine, 100 frees
 *   - 64 concurrent clients allocating through POST /api/v1/machines over HTTP, warm (PostgreSQL
 *     only; the route handler behind node:http in this process, the clients in another process:
 *     bench/http-load.ts; BENCH_PORT picks the port, default any free one): allocations/s,
 *     p50/p95/p99, the server process's CPU per allocation, and the ratio to `pgbench -N` with 64
 *     clients run right after on the same server (bench/pgbench.ts; skipped with a note without
 *     pgbench). Target ≥ 300 allocations/s, p99 < 500 ms. Also statements (node-postgres round
 *     trips) per allocation, counted over the timed run (token auth and the after-commit NOTIFY
 *     included). BENCH_CPU_PROFILE=<file> writes a CPU profile of the server over the timed run.
 *     On a 2-core box the server, the client and PostgreSQL share the cores: the run is CPU-bound,
 *     latency is queueing rather than lock waits.
 * PostgreSQL runs when TEST_DATABASE_URL is set (a fresh database is created and dropped);
 * PGlite, the embedded default, always runs.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import * as machinesRoute from "@/app/api/v1/machines/route";
import { allocateMachineInput } from "@/lib/contracts/machines";
import type { Db } from "@/lib/db/client";
import { machineProvisioning, machines } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { hardware, PARTITION, setupCatalog, SIZE, waitingContainer } from "@/lib/services/machines/allocation.fixtures";
import { freeMachine } from "@/lib/services/machines/allocation-release";
import { createNetwork } from "@/lib/services/networks/networks";
import { createToken } from "@/lib/services/tokens";
import { freshDatabase, type Engine } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser } from "@/lib/test/fixtures";
import { countStatements } from "@/lib/test/statement-counter";
import { LoadClient, profiled, serveHandler } from "./http-load";
import { pgbenchTps } from "./pgbench";
import { percentile, sample } from "./stats";

export const MACHINES = 1000;
const RACKS = 10;
type Row = { engine: string; operation: string; n: number; p50: string; p99: string; note: string };
const rows: Row[] = [];
const ms = (v: number) => v.toFixed(2);


async function timeOps(n: number, op: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const t = await sample(n, op);
  return { p50: percentile(t, 50), p99: percentile(t, 99) };
}

/** 1,000 machines as registration leaves them: hardware, rack, size, a Waiting history, Alive. */
export async function registerMachines(db: Db): Promise<void> {
  const container = waitingContainer();
  for (let start = 0; start < MACHINES; start += 250) {
    const batch = Array.from({ length: Math.min(250, MACHINES - start) }, (_, k) => {
      const i = start + k;
      return { id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`, rack: `rack-${i % RACKS}` };
    });
    await db.insert(machines).values(batch.map((m) => ({
      id: m.id, partitionId: PARTITION, sizeId: SIZE, rack: m.rack, hardware: hardware(), condition: "AVAILABLE" as const,
      liveliness: "Alive" as const, provisioningState: "Waiting",
    })));
    await db.insert(machineProvisioning).values(batch.map((m) => ({ machineId: m.id, container, lastEventTime: container.lastEventTime, credentialHash: createHash("sha256").update(m.id).digest("hex") })));
  }
  await db.execute(sql`analyze`);
}

async function bench(engine: Engine) {
  const { database, cleanup } = await freshDatabase(engine);
  try {
    await setupCatalog();
    const tenant = await makeTenant("bench");
    const project = await makeProject(tenant.id, "bench");
    const user = await makeUser("bench@bench", ["bench-editors"]);
    await createNetwork(user, { kind: "private", projectId: project.id, partitionId: PARTITION, name: "bench", description: "", labels: {} });
    await registerMachines(database.db);
    const input = (i: number) => allocateMachineInput.parse({ projectId: project.id, partitionId: PARTITION, sizeId: SIZE, image: "ubuntu-24.04", hostname: `bench-${i}` });

    const allocated: string[] = [];
    for (let i = 0; i < 5; i++) allocated.push((await allocateMachine(user, input(1000 + i))).id); // warm-up
    const service = await timeOps(200, async (i) => allocated.push((await allocateMachine(user, input(i))).id));
    rows.push({ engine, operation: `allocateMachine (service), ${MACHINES} registered`, n: 200, p50: ms(service.p50), p99: ms(service.p99), note: `target p50 < 50 ms: ${service.p50 < 50 ? "met" : "MISSED"}` });

    const token = (await createToken(user, { description: "bench", roles: [{ scope: "tenant", tenantId: tenant.id, role: "editor" }], expiresAt: new Date(Date.now() + 86_400_000) })).secret;
    const route = await timeOps(100, async (i) => {
      const res = await machinesRoute.POST(new Request("http://localhost:3000/api/v1/machines", {
        method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ projectId: project.id, partitionId: PARTITION, sizeId: SIZE, image: "ubuntu-24.04", hostname: `route-${i}` }),
      }), { params: Promise.resolve({}) });
      if (res.status !== 201) throw new Error(`POST /api/v1/machines answered ${res.status}: ${await res.text()}`);
      allocated.push(((await res.json()) as { id: string }).id);
    });
    rows.push({ engine, operation: "POST /api/v1/machines (route, token auth)", n: 100, p50: ms(route.p50), p99: ms(route.p99), note: "service + auth, zod, JSON" });

    const free = await timeOps(100, (i) => freeMachine(user, allocated[i]));
    rows.push({ engine, operation: "freeMachine (service)", n: 100, p50: ms(free.p50), p99: ms(free.p99), note: "IPs, ASN, allocation, Machine Reclaim" });

    if (engine === "postgres") {
      // 64 clients allocating over HTTP (bench/http-load.ts: a node:http server in this process
      // in front of the route handler — token auth, zod, JSON, one transaction each — and the
      // clients in another process, so this process's CPU is the server's alone), warm: each
      // client allocates once untimed first. Then pgbench -N with as many clients on the same
      // server, right after, for the ratio.
      const CLIENTS = 64;
      const N = 448;
      const body = (hostname: string) => ({ projectId: project.id, partitionId: PARTITION, sizeId: SIZE, image: "ubuntu-24.04", hostname });
      const server = await serveHandler(machinesRoute.POST, Number(process.env.BENCH_PORT ?? 0));
      const client = new LoadClient();
      try {
        const warm = await client.run(server.url, token, Array.from({ length: CLIENTS }, (_, c) => body(`warm-${c}`)), CLIENTS);
        if (warm.failures.length) throw new Error(`warm-up: ${warm.failures[0]}`);
        const statements = countStatements(); // node-postgres round trips during the timed run
        const cpuBefore = process.cpuUsage();
        const run = await profiled(() => client.run(server.url, token, Array.from({ length: N }, (_, i) => body(`c64-${i}`)), CLIENTS));
        const cpu = process.cpuUsage(cpuBefore);
        statements.stop();
        if (run.failures.length) throw new Error(`${run.failures.length} of ${N} allocations failed: ${run.failures[0]}`);
        const perSecond = N / (run.wallMs / 1000);
        const lat = run.latencies.sort((a, b) => a - b);
        const yardstick = await pgbenchTps(getEnv().testDatabaseUrl!, CLIENTS);
        const ratio = "tps" in yardstick ? `pgbench -N ${yardstick.tps.toFixed(0)} TPS (${CLIENTS} clients), ratio ${(100 * perSecond / yardstick.tps).toFixed(2)} %` : `pgbench: ${yardstick.skipped}`;
        rows.push({
          engine, operation: `POST /api/v1/machines over HTTP, ${CLIENTS} concurrent clients, warm`, n: N, p50: ms(percentile(lat, 50)), p99: ms(percentile(lat, 99)),
          note: `${perSecond.toFixed(0)} allocations/s; p95 ${ms(percentile(lat, 95))} ms; ${(statements.count / N).toFixed(1)} statements and ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms server CPU per allocation (client process: ${(run.cpuMs / N).toFixed(1)} ms); ${ratio}; target ≥ 300/s, p99 < 500 ms: ${perSecond >= 300 && percentile(lat, 99) < 500 ? "met" : "MISSED"}`,
        });
      } finally {
        client.close();
        await server.close();
      }
    }
  } finally {
    await cleanup();
  }
}

/** BENCH_ENGINES=postgres (or pglite) runs one engine only. */
function defaultEngines(): Engine[] {
  const all: Engine[] = getEnv().testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];
  const only = process.env.BENCH_ENGINES?.split(",").map((e) => e.trim());
  return only ? all.filter((e) => only.includes(e)) : all;
}

export async function benchAllocationApi(engines: Engine[] = defaultEngines()): Promise<void> {
  for (const e of engines) await bench(e);
  console.log(`\nAllocation API latency, ${MACHINES} registered waiting machines in ${RACKS} racks (each operation is one transaction):`);
  console.table(rows);
  if (!getEnv().testDatabaseUrl) console.log("\nSet TEST_DATABASE_URL=postgres://… to include PostgreSQL (the target is for PostgreSQL).");
}

import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { eq, isNotNull } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { machineAllocations, machines } from "@/lib/db/schema";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { createTokenFromShell } from "@/lib/runtime/admin-cli";
import { enqueueBmcCommands } from "@/lib/services/bmc/commands";
import { attachRedfishBmc, commandsOf } from "@/lib/services/bmc/test-support";
import { allocation, insertWaitingMachines, setupAcmeProject, setupCatalog } from "@/lib/services/machines/allocation.fixtures";
import { inTx } from "@/lib/services/tx";
import { freshDatabase, requirePostgres } from "@/lib/test/databases";
import { type AppProcess, eventually, startAppProcess } from "@/lib/test/processes";

/**
 * Issue 14 item 7: a deployment of two web replicas (RUN_WORKERS=false) and two workers on one
 * PostgreSQL database, as real processes. Allocations through both replicas race correctly; a
 * stream on replica A hears a change made through replica B; a worker killed mid-command is taken
 * over by the other; a rolling restart under continuous load (SIGTERM: graceful shutdown) loses
 * no request without the client seeing it fail cleanly (refused before it was sent, or a 503).
 */
const url = requirePostgres("multi-replica.test.ts");
const PORTS = { a: 44210, b: 44211 };

type Answer = { status: number; body: string; headers: Record<string, string | string[] | undefined> };
/** One request on its own connection (no keep-alive: a reused socket closing would blur what "sent" means). */
function call(port: number, method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: "127.0.0.1", port, method, path, agent: false, headers: { authorization: `Bearer ${token}`, ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

describe.runIf(url)("two web replicas and two workers on one PostgreSQL", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let token: string;
  let projectId: string;
  let env: Record<string, string>;
  const web: Record<"a" | "b", AppProcess | null> = { a: null, b: null };
  const workers: AppProcess[] = [];

  const startWeb = async (name: "a" | "b") => {
    web[name] = startAppProcess("lib/test/web-replica.ts", { ...env, RUN_WORKERS: "false", REPLICA_PORT: String(PORTS[name]) });
    await web[name]!.waitFor(/listening \d+/, 90_000);
  };

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("postgres"));
    await setupCatalog();
    ({ projectId } = await setupAcmeProject());
    token = (await createTokenFromShell(database.db, { admin: true, roles: [], expires: "1d", description: "replicas" })).token.secret;
    env = { DATABASE_URL: (database.pool!.options as { connectionString: string }).connectionString, SEED_DEMO: "false", BMC_COMMAND_LEASE_SECONDS: "3", BMC_COMMAND_CONCURRENCY: "4", SHUTDOWN_TIMEOUT_SECONDS: "20" };
    await Promise.all([startWeb("a"), startWeb("b")]);
    for (let i = 0; i < 2; i++) workers.push(startAppProcess("workers/main.ts", env));
    await Promise.all(workers.map((w) => w.waitFor(/worker running/, 90_000)));
    await getQueue(database, { workers: false }); // this process sends jobs only
  }, 240_000);

  afterAll(async () => {
    await Promise.all([web.a?.stop("SIGKILL"), web.b?.stop("SIGKILL"), ...workers.map((w) => w.stop("SIGKILL"))]);
    await stopQueue();
    await cleanup?.();
  }, 60_000);

  it("races allocations through both replicas: every machine once, the rest 409", async () => {
    const ids = await insertWaitingMachines(database.db, 12);
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => call(i % 2 ? PORTS.b : PORTS.a, "POST", "/api/v1/machines", token, allocation(projectId))));
    const won = answers.filter((a) => a.status === 201).map((a) => JSON.parse(a.body).id as string);
    expect(answers.filter((a) => a.status !== 201).map((a) => [a.status, JSON.parse(a.body).code])).toEqual(Array(12).fill([409, "no_machine_available"]));
    expect(new Set(won).size).toBe(12);
    expect(new Set(won)).toEqual(new Set(ids));
    expect(await database.db.$count(machineAllocations)).toBe(12);
  }, 120_000);

  it("streams a change made through replica B to a stream on replica A", async () => {
    const [allocated] = await database.db.select({ id: machines.id }).from(machines).where(isNotNull(machines.projectId)).limit(1);
    const stream = await fetch(`http://127.0.0.1:${PORTS.a}/api/v1/machines/stream`, { headers: { authorization: `Bearer ${token}` } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let text = "";
    const heard = (async () => {
      for (;;) {
        const r = await reader.read();
        if (r.done) return false;
        text += new TextDecoder().decode(r.value);
        if (text.includes(`"machineId":"${allocated.id}"`)) return true;
      }
    })();
    await eventually("stream connected", async () => (text.includes(": connected") ? true : undefined), 10_000, 20);
    const freed = await call(PORTS.b, "DELETE", `/api/v1/machines/${allocated.id}`, token);
    expect(freed.status).toBe(200);
    expect(await Promise.race([heard, new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))])).toBe(true);
    await reader.cancel();
  }, 60_000);

  it("hands a command of a worker killed mid-call to the other worker, which finishes it once", async () => {
    const [machineId] = await insertWaitingMachines(database.db, 1);
    const attached = await attachRedfishBmc(machineId);
    try {
      await attached.chassis.powerOn();
      attached.bmc.faults.inject("hang", { method: "PATCH" }); // the first boot override never answers
      await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "boot-pxe" }], "user", null));
      await eventually("a worker is inside the BMC call", async () => (attached.bmc.faults.pending === 0 && (await commandsOf(database.db, machineId))[0].dispatchedAt ? true : undefined), 20_000);
      // The database does not say which worker holds the command; the kernel does: the worker
      // process with a connection open to the BMC.
      const victim = await ownerOfConnection(attached.bmc.address, workers);
      await victim.stop("SIGKILL");
      const survivor = workers.find((w) => w !== victim)!;
      expect(survivor.alive()).toBe(true);
      // The sweep (a cron job every minute in production) finds the expired lease; sent now.
      const { currentQueue } = await import("@/lib/jobs/runtime");
      await eventually("the other worker takes the command over", async () => {
        await (await currentQueue()!).boss.send("bmc.sweep", {});
        const [row] = await commandsOf(database.db, machineId);
        return row.status === "succeeded" ? row : undefined;
      }, 45_000, 1000);
      const rows = await commandsOf(database.db, machineId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: "succeeded", attempts: 2 });
      expect(attached.chassis.bootSettings.next).toBe("pxe");
      expect(attached.bmc.requests.filter((r) => r.method === "PATCH" && r.status < 300)).toHaveLength(1);
      workers.splice(workers.indexOf(victim), 1);
    } finally {
      await attached.bmc.stop();
    }
  }, 120_000);

  it("finishes in-flight requests on SIGTERM, ends streams with a retry hint, and loses nothing in a rolling restart", async () => {
    await insertWaitingMachines(database.db, 200);
    // 1. An in-flight allocation on A outlives A's SIGTERM: it waits on a lock the test holds.
    const locker = new pg.Client({ connectionString: env.DATABASE_URL });
    await locker.connect();
    await locker.query("begin; lock table machines in exclusive mode");
    const stream = await fetch(`http://127.0.0.1:${PORTS.a}/api/v1/machines/stream`, { headers: { authorization: `Bearer ${token}` } });
    const streamText = stream.text();
    const slow = call(PORTS.a, "POST", "/api/v1/machines", token, allocation(projectId));
    await eventually("the allocation waits on the lock", async () => {
      const r = await locker.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()");
      return r.rows[0].n >= 1 ? true : undefined;
    }, 20_000);
    const exited = web.a!.stop("SIGTERM");
    // The stream ends at once with a reconnect hint; new connections are refused.
    expect(await streamText).toMatch(/retry: 1000\n\n$/);
    await expect(call(PORTS.a, "GET", "/api/v1/me", token)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(web.a!.alive()).toBe(true); // still finishing the allocation
    await locker.query("commit");
    await locker.end();
    expect((await slow).status).toBe(201);
    expect(await exited).toBe(0);
    const baseline = (await database.db.select({ id: machineAllocations.machineId }).from(machineAllocations)).map((r) => r.id);

    // 2. Rolling restart under continuous load: allocations round-robin over the replicas.
    await startWeb("a");
    // refused: never reached a server; reset: the connection broke (the client sees the failure);
    // unclean: an answer that is neither success nor a clean refusal (a 500, a cut body).
    const outcomes: { replica: "a" | "b"; result: "201" | "409" | "refused" | "reset" | "503" | "unclean"; id?: string; detail?: string }[] = [];
    let running = true;
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const replica = (i + n) % 2 ? "b" : "a";
        try {
          const a = await call(PORTS[replica], "POST", "/api/v1/machines", token, allocation(projectId));
          if (a.status === 201) outcomes.push({ replica, result: "201", id: JSON.parse(a.body).id });
          else if (a.status === 409) outcomes.push({ replica, result: "409" });
          else if (a.status === 503 && a.headers["retry-after"]) outcomes.push({ replica, result: "503" });
          else outcomes.push({ replica, result: "unclean", detail: `${a.status} ${a.body.slice(0, 200)}` });
        } catch (err) {
          const code = (err as { code?: string }).code;
          outcomes.push({ replica, result: code === "ECONNREFUSED" ? "refused" : code === "ECONNRESET" ? "reset" : "unclean", detail: String(code ?? err) });
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const clients = [client(0), client(1), client(2), client(3)];
    for (const name of ["a", "b"] as const) {
      const before = outcomes.length;
      await eventually("load flowing", async () => (outcomes.length > before + 5 ? true : undefined), 30_000, 50);
      expect(await web[name]!.stop("SIGTERM")).toBe(0);
      await startWeb(name);
    }
    const after = outcomes.length;
    await eventually("load flowing after the restarts", async () => (outcomes.length > after + 10 ? true : undefined), 30_000, 50);
    running = false;
    await Promise.all(clients);

    expect(outcomes.filter((o) => o.result === "unclean")).toEqual([]);
    expect(outcomes.filter((o) => o.result === "refused").length).toBeGreaterThan(0); // the restarts did happen under load
    // Nothing committed without its 201: the allocations now are exactly those before the
    // rolling restart plus those the clients saw succeed, each machine once.
    const won = outcomes.filter((o) => o.result === "201").map((o) => o.id!);
    expect(won.length).toBeGreaterThan(20);
    expect(new Set(won).size).toBe(won.length);
    const committed = (await database.db.select({ id: machineAllocations.machineId }).from(machineAllocations)).map((r) => r.id);
    expect(committed.length).toBe(baseline.length + won.length);
    expect(new Set(committed)).toEqual(new Set([...baseline, ...won]));
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o.result, (counts.get(o.result) ?? 0) + 1);
    console.log(`rolling restart: ${[...counts].map(([k, v]) => `${k} ${v}`).join(", ")}`);
  }, 240_000);
});

/**
 * The worker process that has a TCP connection open to `address` (its BMC call in flight), from
 * the kernel's socket table: /proc/net/tcp names the sockets to that port, /proc/<pid>/fd who
 * holds them.
 */
async function ownerOfConnection(address: string, candidates: AppProcess[]): Promise<AppProcess> {
  const { readFileSync, readdirSync, readlinkSync } = await import("node:fs");
  const port = Number(new URL(address).port).toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[2].endsWith(`:${port}`) && f[3] === "01") inodes.add(f[9]); // remote port, ESTABLISHED
    }
  }
  const owner = candidates.find((c) => readdirSync(`/proc/${c.child.pid}/fd`).some((fd) => {
    try {
      return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${c.child.pid}/fd/${fd}`))?.[1] ?? "");
    } catch {
      return false;
    }
  }));
  if (!owner) throw new Error(`no worker holds a connection to ${address}`);
  return owner;
}

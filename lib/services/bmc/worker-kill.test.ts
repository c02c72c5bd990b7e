import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedfishBmc } from "@/lab/bmc/redfish-emulator";
import type { Database } from "@/lib/db/client";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { freshDatabase, requirePostgres } from "@/lib/test/databases";
import { insertWaitingMachine, setupCatalog } from "../machines/allocation.fixtures";
import { inTx } from "../tx";
import { enqueueBmcCommands } from "./commands";
import { sweepBmcCommands } from "./sweep";
import { attachRedfishBmc, commandsOf } from "./test-support";

/**
 * A worker process killed (SIGKILL) while its BMC call is in flight: the command is picked up
 * again by another worker once its lease runs out, and finishes once; a reset it had already
 * sent is not sent a second time (issue 14). Real processes: the
 * killed worker is `npm run worker` (tsx workers/main.ts) on the test's PostgreSQL database.
 * PostgreSQL only (an in-memory PGlite cannot be shared with another process).
 */
const postgres = requirePostgres("worker-kill.test.ts");

describe.skipIf(!postgres)("a BMC worker killed mid-command (PostgreSQL)", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let child: ChildProcess | undefined;
  let bmc: RedfishBmc;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("postgres"));
    await setupCatalog();
  });
  /** `npm run worker` (tsx workers/main.ts) on the test's database, lease 10 s; this process only sends jobs.
   * The lease bounds each BMC call at lease − 5 s: long enough that the test kills the worker
   * while its call still hangs, even on a loaded machine (3 s gave 1 s and raced the kill). */
  async function startWorker(): Promise<void> {
    await getQueue(database, { workers: false });
    const url = (database.pool!.options as { connectionString: string }).connectionString;
    const { TEST_DATABASE_URL: _unused, ...env } = process.env;
    child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { // the worker itself, no wrapper process
      // No settle window: a power action's state checks stay well inside the call's 5 s.
      env: { ...env, DATABASE_URL: url, BMC_COMMAND_LEASE_SECONDS: "10", BMC_COMMAND_CONCURRENCY: "2", BMC_SETTLE_MS: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const started = new Promise<void>((resolve) => child!.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes("worker running")) resolve();
    }));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    await Promise.race([started, once(child, "exit").then(() => { throw new Error(`worker exited: ${output}`); })]);
  }

  async function killWorker(): Promise<void> {
    child!.kill("SIGKILL");
    await once(child!, "exit");
    child = undefined;
  }

  afterAll(async () => {
    child?.kill("SIGKILL");
    await bmc?.stop();
    await stopQueue();
    await cleanup?.();
  });

  it("is taken over after its lease and succeeds once; the BMC gets the command again only because it never answered", async () => {
    const machineId = await insertWaitingMachine(database.db);
    const attached = await attachRedfishBmc(machineId);
    bmc = attached.bmc;
    await attached.chassis.powerOn();
    // The first PATCH (the boot override) hangs: the worker is killed while waiting for it.
    bmc.faults.inject("hang", { method: "PATCH" });

    await startWorker();
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "boot-pxe" }], "user", null));
    await expect.poll(() => bmc.faults.pending, { timeout: 15_000 }).toBe(0); // the worker's PATCH is hanging
    const [inFlight] = await commandsOf(database.db, machineId);
    expect(inFlight).toMatchObject({ status: "running", attempts: 1 });
    expect(inFlight.sentAt).toBeNull(); // a boot-device change is idempotent: nothing is written ahead of it
    await killWorker();
    expect(attached.chassis.bootSettings.next).toBeNull(); // the BMC never carried it out

    // Another worker (this process now) and the sweep that finds the expired lease.
    await stopQueue();
    await getQueue(database, { workers: true });
    await expect.poll(async () => (await sweepBmcCommands()).length, { timeout: 30_000, interval: 500 }).toBe(1);
    await expect.poll(async () => (await commandsOf(database.db, machineId))[0].status, { timeout: 30_000 }).toBe("succeeded");
    const rows = await commandsOf(database.db, machineId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attempts: 2, error: null, note: null });
    expect(attached.chassis.bootSettings.next).toBe("pxe");
    expect(bmc.requests.filter((r) => r.method === "PATCH" && r.status < 300)).toHaveLength(1);
  }, 120_000);

  it("killed after sending a reset (issue 14): the take-over does not send it again, it only makes sure the machine is on", async () => {
    await stopQueue();
    const machineId = await insertWaitingMachine(database.db);
    await bmc?.stop();
    const attached = await attachRedfishBmc(machineId);
    bmc = attached.bmc;
    await attached.chassis.powerOn();
    // The reset request reaches the BMC and never comes back: the worker is killed while waiting.
    const resetPath = "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset";
    bmc.faults.inject("hang", { path: resetPath, method: "POST" });
    await startWorker();

    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "power-reset" }], "user", null));
    await expect.poll(() => bmc.faults.pending, { timeout: 15_000 }).toBe(0);
    const [inFlight] = await commandsOf(database.db, machineId);
    expect(inFlight).toMatchObject({ status: "running", attempts: 1 });
    expect(inFlight.sentAt).not.toBeNull(); // committed before the request went out
    await killWorker();

    await stopQueue();
    await getQueue(database, { workers: true });
    await expect.poll(async () => (await sweepBmcCommands()).length, { timeout: 30_000, interval: 500 }).toBe(1);
    await expect.poll(async () => (await commandsOf(database.db, machineId))[0].status, { timeout: 30_000 }).toBe("succeeded");
    const [row] = await commandsOf(database.db, machineId);
    expect(row).toMatchObject({ attempts: 2, error: null });
    expect(row.note).toMatch(/a worker stopped after sending it.*not sent again/);
    expect(bmc.requests.filter((r) => r.method === "POST" && r.path === resetPath)).toHaveLength(0); // only the hung one, never answered
    expect(attached.boots).toEqual(["pxe"]); // never reset a second time (here: not at all — at most once)
  }, 120_000);
});

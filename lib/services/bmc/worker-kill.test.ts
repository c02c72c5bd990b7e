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
 * again by another worker once its lease runs out, and finishes once. Real processes: the
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

    await getQueue(database, { workers: false }); // this process only sends jobs
    const url = (database.pool!.options as { connectionString: string }).connectionString;
    const { TEST_DATABASE_URL: _unused, ...env } = process.env;
    child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { // the worker itself, no wrapper process
      env: { ...env, DATABASE_URL: url, BMC_COMMAND_LEASE_SECONDS: "3", BMC_COMMAND_CONCURRENCY: "2" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const started = new Promise<void>((resolve) => child!.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes("worker running")) resolve();
    }));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    await Promise.race([started, once(child, "exit").then(() => { throw new Error(`worker exited: ${output}`); })]);

    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "boot-pxe" }], "user", null));
    await expect.poll(() => bmc.faults.pending, { timeout: 15_000 }).toBe(0); // the worker's PATCH is hanging
    const [inFlight] = await commandsOf(database.db, machineId);
    expect(inFlight).toMatchObject({ status: "running", attempts: 1 });
    expect(inFlight.sentAt).toBeNull(); // a boot-device change is idempotent: nothing is written ahead of it
    child.kill("SIGKILL");
    await once(child, "exit");
    child = undefined;
    expect(attached.chassis.bootSettings.next).toBeNull(); // the BMC never carried it out

    // Another worker (this process now) and the sweep that finds the expired lease.
    await stopQueue();
    await getQueue(database, { workers: true });
    await expect.poll(async () => (await sweepBmcCommands()).length, { timeout: 10_000, interval: 500 }).toBe(1);
    await expect.poll(async () => (await commandsOf(database.db, machineId))[0].status, { timeout: 15_000 }).toBe("succeeded");
    const rows = await commandsOf(database.db, machineId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attempts: 2, error: null, note: null });
    expect(attached.chassis.bootSettings.next).toBe("pxe");
    expect(bmc.requests.filter((r) => r.method === "PATCH" && r.status < 300)).toHaveLength(1);
  }, 60_000);
});

import { eq } from "drizzle-orm";
import { BmcError } from "@/lib/bmc/driver";
import { createBmcDriver, type DriverFactory } from "@/lib/bmc/factory";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RedfishBmc } from "@/lab/bmc/redfish-emulator";
import type { Database } from "@/lib/db/client";
import { bmcCommands, machines } from "@/lib/db/schema";
import { gate } from "@/lib/test/concurrency";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import type { makeUser } from "@/lib/test/fixtures";
import { allocateMachine } from "../machines/allocation";
import { allocation, insertWaitingMachine, setupAcmeProject, setupCatalog } from "../machines/allocation.fixtures";
import { freeMachine } from "../machines/allocation-release";
import { inTx } from "../tx";
import { bmcPlans, enqueueBmcCommands, requestPowerAction } from "./commands";
import { drainBmcCommands } from "./executor";
import { attachRedfishBmc, BMC_PASSWORD, commandsOf } from "./test-support";

/**
 * The command executor against a real BMC: the lab's Redfish emulator over HTTP, driving a lab
 * chassis. Drains are called directly (the job only calls drainBmcCommands); fast backoff.
 */
const fast = { backoffMs: () => 20, maxAttempts: 3 };

/**
 * The real Redfish driver with a worker's stall in front of its boot-device call: the call
 * starts (`started`), then waits for the test to let it go on, and then fails with `failWith`
 * instead of reaching the BMC when given (what a worker that lost its BMC session would see).
 */
function stalledBootDevice(o: { failWith?: BmcError } = {}) {
  const entered = gate();
  const release = gate();
  const driverFor: DriverFactory = (conn) => {
    const real = createBmcDriver(conn);
    return Object.assign(Object.create(real) as typeof real, {
      setBootDevice: async (dev: Parameters<typeof real.setBootDevice>[0], persistent: boolean) => {
        entered.open();
        await release.promise;
        if (o.failWith) throw o.failWith;
        return real.setBootDevice(dev, persistent);
      },
    });
  };
  return { driverFor, started: entered.promise, release: release.open };
}

describe.each(testEngines())("BMC command executor on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let projectId: string;
  let machineId: string;
  let bmc: RedfishBmc;
  let chassis: Awaited<ReturnType<typeof attachRedfishBmc>>["chassis"];
  let boots: string[];
  const logged: string[] = [];
  const originalError = console.error;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    ({ projectId, owner } = await setupAcmeProject());
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(" "));
  });
  afterAll(async () => {
    console.error = originalError;
    // Whatever was logged while BMCs failed must not carry the password.
    expect(logged.join("\n")).not.toContain(BMC_PASSWORD);
    await cleanup?.();
  });
  beforeEach(async () => {
    await database.db.delete(machines);
    machineId = await insertWaitingMachine(database.db);
    ({ bmc, chassis, boots } = await attachRedfishBmc(machineId));
    await chassis.powerOn();
  });
  afterEach(async () => bmc.stop());

  it("runs a tenant's power cycle: the chassis reboots once, the command succeeds on its first attempt", async () => {
    await allocateMachine(owner, allocation(projectId));
    const { commands } = await requestPowerAction(owner, machineId, { action: "cycle", persistent: false });
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 1, stopped: "idle" });
    const [row] = await commandsOf(database.db, machineId);
    expect(row.id).toBe(commands[0].id);
    expect(row).toMatchObject({ command: "power-cycle", status: "succeeded", attempts: 1, error: null });
    expect(row.startedAt!.getTime()).toBeLessThanOrEqual(row.dispatchedAt!.getTime());
    expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.dispatchedAt!.getTime());
    expect(boots).toEqual(["pxe", "pxe"]);
  });

  it("free: LED off, PXE once, reset — the machine boots PXE once, then its persistent device again", async () => {
    await allocateMachine(owner, allocation(projectId));
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, bmcPlans.installed, "installed", null));
    await drainBmcCommands(machineId, fast);
    await chassis.setIdentify(true);
    await freeMachine(owner, machineId);
    await drainBmcCommands(machineId, fast);
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => [r.command, r.status])).toEqual([
      ["boot-disk", "succeeded"], ["identify-off", "succeeded"], ["boot-pxe", "succeeded"], ["power-reset", "succeeded"],
    ]);
    expect(chassis.identifyOn).toBe(false);
    expect(boots).toEqual(["pxe", "pxe"]); // the reset booted PXE (one-time), over the persistent disk
    expect(chassis.bootSettings).toEqual({ next: null, persistent: "disk" });
  });

  it("a wrong password fails at once with 'authentication failed', is not retried, and cancels the rest of its group", async () => {
    await bmc.stop();
    ({ bmc, chassis, boots } = await attachRedfishBmc(machineId, { password: "the-real-one", reportedPassword: BMC_PASSWORD }));
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, bmcPlans.free, "free", null));
    // One attempt and no backoff: the drain ends idle after executing the one command it could.
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 1, stopped: "idle" });
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => [r.command, r.status, r.attempts])).toEqual([["boot-pxe", "failed", 1], ["power-reset", "failed", 0]]);
    expect(rows[0].error).toMatch(/authentication failed/);
    expect(rows[1].error).toBe("not run: boot-pxe failed before it");
    expect(JSON.stringify(rows)).not.toContain(BMC_PASSWORD);
    expect(boots).toEqual([]);
  });

  it("an unreachable BMC is retried with backoff, then failed with a clear message; the machine's next command still runs", async () => {
    const address = bmc.address;
    await bmc.stop(); // nothing listens there any more
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "power-off" }], "user", null));
    const results = [];
    // No backoff: each drain's retry is due at once, so three drains make three attempts.
    for (let i = 0; i < 3; i++) results.push(await drainBmcCommands(machineId, { ...fast, backoffMs: () => 0 }));
    expect(results.map((r) => r.stopped)).toEqual(["backoff", "backoff", "idle"]);
    const [failed] = await commandsOf(database.db, machineId);
    expect(failed).toMatchObject({ status: "failed", attempts: 3 });
    expect(failed.error).toMatch(/^failed after 3 attempts: .*(refused|unreachable|connect)/i);
    expect(failed.error).toContain(new URL(address).port);

    ({ bmc, chassis, boots } = await attachRedfishBmc(machineId));
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "power-on" }], "user", null));
    await drainBmcCommands(machineId, fast);
    expect((await commandsOf(database.db, machineId)).map((r) => r.status)).toEqual(["failed", "succeeded"]);
    expect(await chassis.powerState()).toBe("on");
  });

  it("a malformed BMC answer fails the command with a message naming what was wrong", async () => {
    bmc.faults.inject("garbage", { count: 50, path: "/redfish/v1/Systems" });
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "boot-bios" }], "user", null));
    await drainBmcCommands(machineId, fast);
    const [row] = await commandsOf(database.db, machineId);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/\/redfish\/v1\/Systems.*(JSON|malformed)|(JSON|malformed).*\/redfish\/v1\/Systems/i);
  });

  it("100 commands for one BMC with 5 drains racing: all succeed, one at a time, in the order issued", async () => {
    const steps = Array.from({ length: 100 }, (_, i) => ({ command: i % 2 === 0 ? "identify-on" as const : "identify-off" as const }));
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, steps, "user", null));
    const results = await Promise.all(Array.from({ length: 5 }, () => drainBmcCommands(machineId, fast)));
    expect(results.reduce((n, r) => n + r.executed, 0)).toBe(100);
    const rows = await commandsOf(database.db, machineId);
    expect(rows.every((r) => r.status === "succeeded" && r.attempts === 1)).toBe(true);
    for (let i = 1; i < rows.length; i++) {
      // Each command started after the previous one finished.
      expect(rows[i].dispatchedAt!.getTime()).toBeGreaterThanOrEqual(rows[i - 1].finishedAt!.getTime());
    }
    expect(chassis.identifyOn).toBe(false);
  });

  it("a command past its deadline fails as timed out instead of staying pending", async () => {
    await bmc.stop(); // unreachable: the first attempt fails and the command waits for its retry
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, bmcPlans.reinstall, "reinstall", null));
    expect(await drainBmcCommands(machineId, { ...fast, backoffMs: () => 60_000 })).toEqual({ executed: 1, stopped: "backoff" });
    const [waiting] = await commandsOf(database.db, machineId);
    expect(waiting.deadline!.getTime() - waiting.startedAt!.getTime()).toBe(10 * 60_000);
    // Its ten minutes from the first start are over while it still waits for the retry.
    await database.db.update(bmcCommands).set({ deadline: new Date(Date.now() - 1000) }).where(eq(bmcCommands.id, waiting.id));
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 0, stopped: "idle" });
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(rows[0].error).toMatch(/^timed out: not done within 10 min of its first start, after 1 attempt\(s\); last error: /);
    expect(rows[1].error).toBe("not run: boot-pxe failed before it");
    expect(boots).toEqual(["pxe"]); // only the power-on before the test: nothing was reset
  });

  it("a running command with a valid lease is its worker's even past its deadline: the free's reset still runs (B3)", async () => {
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, bmcPlans.free, "free", null));
    const worker = stalledBootDevice();
    const first = drainBmcCommands(machineId, { ...fast, driverFor: worker.driverFor });
    await worker.started; // boot-pxe is on its way to the BMC
    // Its deadline passes while the BMC works on it (a slow BMC, retries before this attempt).
    await database.db.update(bmcCommands).set({ deadline: new Date(Date.now() - 1000) }).where(eq(bmcCommands.status, "running"));
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 0, stopped: "busy" });
    worker.release();
    expect(await first).toEqual({ executed: 2, stopped: "idle" });
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => [r.command, r.status, r.error])).toEqual([["boot-pxe", "succeeded", null], ["power-reset", "succeeded", null]]);
    expect(boots).toEqual(["pxe", "pxe"]); // reset into PXE: the machine is reclaimed
  });

  it("a worker whose command was taken over cannot overwrite the result of the worker that took it over (B3)", async () => {
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, bmcPlans.free, "free", null));
    const stalled = stalledBootDevice({ failWith: new BmcError("auth", "authentication failed") });
    const first = drainBmcCommands(machineId, { ...fast, driverFor: stalled.driverFor });
    await stalled.started;
    // The stalled worker outlives its lease; another drain takes the command over and finishes the group.
    await database.db.update(bmcCommands).set({ leaseUntil: new Date(Date.now() - 1000) }).where(eq(bmcCommands.status, "running"));
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 2, stopped: "idle" });
    stalled.release();
    await first;
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => [r.command, r.status, r.attempts, r.error])).toEqual([["boot-pxe", "succeeded", 2, null], ["power-reset", "succeeded", 1, null]]);
    expect(boots).toEqual(["pxe", "pxe"]);
  });

  it("the deadline counts from the command's first start, not from the time it waited in the queue (B3)", async () => {
    const issued = new Date(Date.now() - 30 * 60_000); // queued half an hour ago, behind a busy BMC
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, bmcPlans.free, "free", null, issued));
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 2, stopped: "idle" });
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect(boots).toEqual(["pxe", "pxe"]);
  });

  it("takes over a command whose worker died after sending it: a dispatched reset is not sent again, only power is ensured", async () => {
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "power-reset" }, { command: "boot-disk", persistent: true }], "user", null));
    const past = new Date(Date.now() - 1000);
    const [first] = await commandsOf(database.db, machineId);
    // What a worker leaves behind when it is killed while the BMC carries out its reset.
    await database.db.update(bmcCommands).set({ status: "running", attempts: 1, startedAt: past, sentAt: past, leaseUntil: past }).where(eq(bmcCommands.id, first.id));
    await chassis.powerOff();
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 2, stopped: "idle" });
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([["succeeded", 2], ["succeeded", 1]]);
    expect(rows[0].note).toMatch(/not sent again/);
    expect(await chassis.powerState()).toBe("on");
    expect(boots).toEqual(["pxe", "pxe"]); // powered on once by the take-over, never reset twice
  });

  it("leaves a command alone while its lease is valid (another worker is on it)", async () => {
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "power-on" }], "user", null));
    const [first] = await commandsOf(database.db, machineId);
    await database.db.update(bmcCommands).set({ status: "running", attempts: 1, leaseUntil: new Date(Date.now() + 60_000) }).where(eq(bmcCommands.id, first.id));
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 0, stopped: "busy" });
  });
});

import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RedfishBmc } from "@/lab/bmc/redfish-emulator";
import type { RestartHooks } from "@/lib/bmc/driver";
import { createBmcDriver, type DriverFactory } from "@/lib/bmc/factory";
import type { Database } from "@/lib/db/client";
import { bmcCommands, machines } from "@/lib/db/schema";
import { gate } from "@/lib/test/concurrency";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { insertWaitingMachine, setupCatalog } from "../machines/allocation.fixtures";
import { inTx } from "../tx";
import { bmcPlans, enqueueBmcCommands } from "./commands";
import { drainBmcCommands } from "./executor";
import { attachRedfishBmc, commandsOf } from "./test-support";

/**
 * Issue 14: an extra PXE boot minutes after a reinstall's power cycle. A reset or cycle must
 * reach the BMC at most once per command — a retry after a lost answer, a take-over after a
 * lease ran out, and a stalled worker that wakes up after the take-over must not send it again.
 * Against the lab's Redfish BMC over HTTP; the chassis counts every boot.
 */
const fast = { backoffMs: () => 20, maxAttempts: 3 };
const resetPath = "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset";

/** The real driver, with a stall right before a reset/cycle request is sent (after its state checks). */
function stalledBeforeSend() {
  const entered = gate();
  const release = gate();
  const driverFor: DriverFactory = (conn) => {
    const real = createBmcDriver(conn);
    const stall = (hooks?: RestartHooks): RestartHooks => ({
      beforeSend: async () => {
        entered.open();
        await release.promise;
        await hooks?.beforeSend?.();
      },
    });
    return Object.assign(Object.create(real) as typeof real, {
      cycle: (hooks?: RestartHooks) => real.cycle(stall(hooks)),
      reset: (hooks?: RestartHooks) => real.reset(stall(hooks)),
    });
  };
  return { driverFor, entered: entered.promise, release: release.open };
}

describe.each(testEngines())("a reset or cycle is sent at most once, on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let machineId: string;
  let bmc: RedfishBmc;
  let chassis: Awaited<ReturnType<typeof attachRedfishBmc>>["chassis"];
  let boots: string[];
  const resetsSent = () => bmc.requests.filter((r) => r.method === "POST" && r.path === resetPath).length;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
  });
  afterAll(async () => cleanup?.());
  beforeEach(async () => {
    await database.db.delete(machines);
    machineId = await insertWaitingMachine(database.db);
    ({ bmc, chassis, boots } = await attachRedfishBmc(machineId));
    await chassis.setBootDevice("disk", true); // installed: only the reinstall's one-time PXE boots the network
    await chassis.powerOn();
  });
  afterEach(async () => bmc.stop());

  it("a reinstall's cycle whose answer was lost is not sent again by the retry: one PXE boot", async () => {
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, bmcPlans.reinstall, "reinstall", null));
    bmc.faults.inject("lost-answer", { path: resetPath, method: "POST" });
    // The BMC cycles the machine, but the worker never hears so: a retryable error, then the retry.
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 2, stopped: "backoff" });
    const [, waiting] = await commandsOf(database.db, machineId);
    expect(waiting).toMatchObject({ command: "power-cycle", status: "queued", attempts: 1 });
    expect(waiting.sentAt).not.toBeNull();
    await expect.poll(() => drainBmcCommands(machineId, fast), { timeout: 10_000, interval: 50 }).toMatchObject({ stopped: "idle" });
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => [r.command, r.status, r.attempts])).toEqual([["boot-pxe", "succeeded", 1], ["power-cycle", "succeeded", 2]]);
    expect(rows[1].note).toMatch(/may already have carried out this power-cycle \(its answer was lost .*\); it was not sent again/);
    expect(boots).toEqual(["disk", "pxe"]); // powered on before the test, then the reinstall's PXE boot — once
    expect(await chassis.powerState()).toBe("on");
  });

  it("a cycle that failed before it was sent is sent in full by the retry", async () => {
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, [{ command: "power-cycle" }], "user", null));
    // The state check before the request finds the BMC busy (503) each time: never sent.
    bmc.faults.inject("busy", { path: "/redfish/v1/Systems/1", method: "GET", count: 20 });
    expect(await drainBmcCommands(machineId, fast)).toMatchObject({ stopped: "backoff" });
    const [waiting] = await commandsOf(database.db, machineId);
    expect(waiting).toMatchObject({ status: "queued", sentAt: null });
    bmc.faults.clear();
    await expect.poll(() => drainBmcCommands(machineId, fast), { timeout: 10_000, interval: 50 }).toMatchObject({ stopped: "idle" });
    const [row] = await commandsOf(database.db, machineId);
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, note: null });
    expect(row.sentAt).not.toBeNull();
    expect(boots).toEqual(["disk", "disk"]);
    expect(resetsSent()).toBe(1);
  });

  it("a worker that stalls past its lease before sending its cycle sends nothing once another took over", async () => {
    await inTx(undefined, (t) => enqueueBmcCommands(t, machineId, bmcPlans.reinstall, "reinstall", null));
    const stalled = stalledBeforeSend();
    const first = drainBmcCommands(machineId, { ...fast, driverFor: stalled.driverFor });
    await stalled.entered; // boot-pxe done; the cycle's state checks done, its request not yet sent
    // Its lease runs out; the sweep's drain takes the never-sent cycle over and sends it.
    await database.db.update(bmcCommands).set({ leaseUntil: new Date(Date.now() - 1000) }).where(eq(bmcCommands.status, "running"));
    expect(await drainBmcCommands(machineId, fast)).toEqual({ executed: 1, stopped: "idle" });
    expect(boots).toEqual(["disk", "pxe"]);
    stalled.release(); // the stalled worker wakes up: its command is no longer its own
    expect(await first).toEqual({ executed: 2, stopped: "idle" });
    const rows = await commandsOf(database.db, machineId);
    expect(rows.map((r) => [r.command, r.status, r.attempts, r.note])).toEqual([["boot-pxe", "succeeded", 1, null], ["power-cycle", "succeeded", 2, null]]);
    expect(boots).toEqual(["disk", "pxe"]); // the stalled worker's cycle never reached the BMC
    expect(resetsSent()).toBe(1);
  });
});

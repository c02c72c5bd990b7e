import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { BmcConnection } from "@/lib/bmc/driver";
import { createBmcDriver } from "@/lib/bmc/factory";
import { createRedfishDriver } from "@/lib/bmc/redfish";
import { closeRedfishSessions, leaseRedfishDriver } from "@/lib/bmc/redfish/pool";
import { type RedfishBmcOptions, startRedfishBmc } from "./redfish-emulator";
import { recordingChassis, testBmcInfo } from "./test-chassis";

/** Redfish sessions against the lab emulator: reuse, cleanup, the tokenless fallback, the session limit. */
const user = "admin";
const password = "sess-Pw-1";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await closeRedfishSessions();
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: Partial<RedfishBmcOptions> = {}) {
  const { sim } = recordingChassis();
  const bmc = await startRedfishBmc({ chassis: sim, user, password, info: testBmcInfo, ...options });
  cleanups.push(async () => {
    await bmc.stop();
    await sim.powerOff();
  });
  const conn: BmcConnection = { protocol: "redfish", address: bmc.address, user, password, timeoutMs: 3_000, settleMs: 0 };
  return { sim, bmc, conn };
}

async function until(what: string, check: () => boolean, deadlineMs = 5_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await sleep(10);
  }
}

const loginPosts = (bmc: Awaited<ReturnType<typeof setup>>["bmc"]) =>
  bmc.requests.filter((r) => r.method === "POST" && r.path === "/redfish/v1/SessionService/Sessions").length;

describe("Redfish sessions", () => {
  it("100 commands to one BMC through the workers' factory use one session, deleted once idle or at shutdown", async () => {
    const { bmc, conn } = await setup();
    for (let i = 0; i < 100; i += 1) {
      const driver = createBmcDriver(conn);
      await (i % 2 ? driver.setIdentify(i % 4 === 1) : driver.powerState());
      await driver.close?.();
    }
    expect(bmc.sessionStats()).toEqual({ peak: 1, created: 1 });
    expect(bmc.sessionCount()).toBe(1);
    await closeRedfishSessions();
    expect(bmc.sessionCount()).toBe(0);
  });

  it("parallel users of one BMC share its session: never more than one, far below the BMC's limit of 4", async () => {
    const { bmc, conn } = await setup({ maxSessions: 4 });
    await Promise.all(Array.from({ length: 12 }, async () => {
      const driver = createBmcDriver(conn);
      await driver.readInfo();
      await driver.close?.();
    }));
    expect(bmc.sessionStats().peak).toBe(1);
  });

  it("an idle pooled session is logged out after the idle time", async () => {
    const { bmc, conn } = await setup();
    const driver = leaseRedfishDriver(conn, { idleMs: 50 });
    await driver.powerState();
    expect(bmc.sessionCount()).toBe(1);
    await driver.close();
    await until("the idle session is deleted", () => bmc.sessionCount() === 0);
    expect(bmc.requests.some((r) => r.method === "DELETE" && r.path.startsWith("/redfish/v1/SessionService/Sessions/") && r.status === 204)).toBe(true);
  });

  it("a session POST answered without a token falls back to basic auth, remembered for the BMC", async () => {
    const { bmc, conn, sim } = await setup({ sessionToken: false });
    const first = createRedfishDriver(conn);
    await first.powerOn();
    expect(sim.bootedFrom).toBe("pxe");
    expect((await first.readInfo()).serial).toBe(testBmcInfo.serial);
    await first.close();
    expect(loginPosts(bmc)).toBe(1);
    // A new client for the same BMC does not try the session again.
    const second = createRedfishDriver(conn);
    expect(await second.powerState()).toBe("on");
    await second.close();
    expect(loginPosts(bmc)).toBe(1);
  });

  it("a full BMC (every session slot taken by others) is busy, retried later — not an auth failure", async () => {
    const { bmc, conn } = await setup({ maxSessions: 1 });
    const other = createRedfishDriver(conn);
    await other.powerState();
    const ours = createRedfishDriver(conn);
    const err = await ours.powerState().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "busy", retryable: true });
    await other.close();
    expect(await ours.powerState()).toBe("off");
    await ours.close();
    expect(bmc.sessionCount()).toBe(0);
  });
});

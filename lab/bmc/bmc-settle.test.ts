import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { BmcConnection, BmcDriver } from "@/lib/bmc/driver";
import { createIpmiDriver } from "@/lib/bmc/ipmi";
import { createRedfishDriver } from "@/lib/bmc/redfish";
import type { SimPowerDriver } from "../sim-power";
import { startChassisControlServer } from "./chassis-control-server";
import { startIpmiSimBmc } from "./ipmi-sim";
import { missingIpmiTools } from "./ipmi-tools";
import type { PowerDelay } from "./power-delay";
import { startRedfishBmc } from "./redfish-emulator";
import { recordingChassis, testBmcInfo } from "./test-chassis";

/**
 * "Off means off" against lab BMCs whose power changes land after a delay and whose reset
 * shows "off" for a moment (power-delay.ts), over Redfish and over IPMI (ipmi_sim): the
 * drivers' power actions settle (lib/bmc/settle.ts).
 */
const delay: PowerDelay = { minMs: 300, maxMs: 600 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Lab = { sim: SimPowerDriver; driver: (over?: Partial<BmcConnection>) => BmcDriver; powerIdle: () => Promise<void> };

async function redfishLab(): Promise<Lab> {
  const { sim } = recordingChassis();
  const bmc = await startRedfishBmc({ chassis: sim, user: "admin", password: "pw-settle", info: testBmcInfo, powerDelay: delay });
  const drivers: { close(): Promise<void> }[] = [];
  cleanups.push(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    await bmc.powerIdle();
    await bmc.stop();
    await sim.powerOff();
  });
  return {
    sim,
    powerIdle: () => bmc.powerIdle(),
    driver: (over = {}) => {
      const d = createRedfishDriver({ protocol: "redfish", address: bmc.address, user: "admin", password: "pw-settle", ...over });
      drivers.push(d);
      return d;
    },
  };
}

async function ipmiLab(): Promise<Lab> {
  const { sim } = recordingChassis();
  const server = await startChassisControlServer(new Map([["m1", sim]]), { powerDelay: delay });
  const bmc = await startIpmiSimBmc({ machineId: "m1", chassisControl: server, user: "admin", password: "pw-settle", fru: { manufacturer: "Lab", product: "P", serial: "S" } });
  cleanups.push(async () => {
    await server.powerIdle();
    await bmc.stop();
    await server.stop();
    await sim.powerOff();
  });
  return { sim, powerIdle: () => server.powerIdle(), driver: (over = {}) => createIpmiDriver({ protocol: "ipmi", address: bmc.address, user: "admin", password: "pw-settle", ...over }) };
}

async function until(what: string, check: () => boolean, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await sleep(10);
  }
}

const missing = missingIpmiTools();
const labs: [string, () => Promise<Lab>, boolean][] = [["Redfish", redfishLab, false], ["IPMI", ipmiLab, missing !== null]];

describe.each(labs)("settled power actions over %s", (_name, start, skip) => {
  it.skipIf(skip)("powerOff in a reset's off moment waits for the reset to end, then powers off: the machine stays off", async () => {
    const lab = await start();
    const driver = lab.driver({ settleMs: 1_000 });
    await driver.powerOn();
    expect(lab.sim.bootedFrom).not.toBeNull();
    // A reset sent by someone else (a no-settle client): the chassis goes off for a moment, then on.
    const other = lab.driver({ settleMs: 0 });
    const boots = lab.sim.boots;
    void other.reset().catch(() => {});
    await until("the reset's off moment", () => lab.sim.bootedFrom === null);
    await driver.powerOff();
    expect(lab.sim.bootedFrom).toBeNull();
    await lab.powerIdle();
    expect(lab.sim.bootedFrom).toBeNull();
    expect(lab.sim.boots).toBe(boots + 1); // the reset did happen, and the machine is off after it
  });

  it.skipIf(skip)("reset returns once the machine is on again after the reset, not before it landed", async () => {
    const lab = await start();
    const driver = lab.driver({ settleMs: 1_000 });
    await driver.powerOn();
    const boots = lab.sim.boots;
    await driver.reset();
    expect(lab.sim.boots).toBe(boots + 1);
    expect(lab.sim.bootedFrom).not.toBeNull();
  });

  it.skipIf(skip)("a state that is not reached within the deadline fails as timeout naming the state seen", async () => {
    const lab = await start();
    const driver = lab.driver({ settleMs: 50, powerDeadlineMs: 200 });
    const err = await driver.powerOn().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "timeout", message: expect.stringMatching(/the chassis is still off, not on, after 0\.2 s$/) });
  });
});

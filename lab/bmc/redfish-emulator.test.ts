import { afterEach, describe, expect, it } from "vitest";
import type { BmcConnection } from "@/lib/bmc/driver";
import { createRedfishDriver, type RedfishDriver } from "@/lib/bmc/redfish";
import { type RedfishBmc, type RedfishBmcOptions, startRedfishBmc } from "./redfish-emulator";
import { powerWatts } from "./redfish-resources";
import { recordingChassis, testBmcInfo } from "./test-chassis";

/** The Redfish driver against the lab's Redfish BMC, which drives a real SimPowerDriver. */
const user = "admin";
const password = "lab-Secret-42";
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: Partial<RedfishBmcOptions> = {}, conn: Partial<BmcConnection> = {}) {
  const { sim, boots } = recordingChassis();
  const bmc = await startRedfishBmc({ chassis: sim, user, password, info: testBmcInfo, ...options });
  const driver = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password, timeoutMs: 5_000, ...conn });
  cleanups.push(async () => {
    await driver.close();
    await bmc.stop();
    await sim.powerOff();
  });
  return { sim, boots, bmc, driver };
}

const calls = (bmc: RedfishBmc, match: string) => bmc.requests.filter((r) => `${r.method} ${r.path}`.includes(match)).map((r) => r.status);

describe("Redfish driver ↔ lab Redfish BMC: power", () => {
  it("on, off, reset and cycle change the chassis; on when on and off when off change nothing", async () => {
    const { sim, boots, bmc, driver } = await setup();
    expect(await driver.powerState()).toBe("off");
    await driver.powerOn();
    expect(sim.bootedFrom).toBe("pxe");
    await driver.powerOn();
    expect(boots).toEqual(["pxe"]);
    expect(calls(bmc, "POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset")).toHaveLength(1);

    await driver.reset();
    await driver.cycle();
    expect(boots).toHaveLength(3);
    await driver.powerOff();
    expect(sim.bootedFrom).toBeNull();
    await driver.powerOff();
    expect(await driver.powerState()).toBe("off");
    expect(calls(bmc, "Actions/ComputerSystem.Reset")).toHaveLength(4);
  });

  it("reset and cycle of a machine that is off power it on", async () => {
    const { sim, boots, driver } = await setup();
    await driver.reset();
    expect(sim.bootedFrom).toBe("pxe");
    await driver.powerOff();
    await driver.cycle();
    expect(await driver.powerState()).toBe("on");
    expect(boots).toEqual(["pxe", "pxe"]);
  });

  it("uses the reset types the BMC publishes through ActionInfo: cycle without PowerCycle is ForceOff + On; off without ForceOff is unsupported", async () => {
    const { sim, boots, bmc, driver } = await setup({ resetTypes: ["On", "ForceOff"], resetActionInfo: true });
    await driver.powerOn();
    await driver.cycle();
    expect(boots).toEqual(["pxe", "pxe"]);
    expect(calls(bmc, "GET /redfish/v1/Systems/1/ResetActionInfo")).toEqual([200]);
    expect(sim.bootedFrom).toBe("pxe");

    const limited = await setup({ resetTypes: ["On"] });
    await limited.driver.powerOn();
    await expect(limited.driver.powerOff()).rejects.toMatchObject({ kind: "unsupported", message: expect.stringContaining("(On)") });
  });

  it("follows task monitors: a reset answered 202 resolves when its task is done", async () => {
    const { sim, bmc, driver } = await setup({ tasks: { minMs: 250 } });
    const started = Date.now();
    await driver.powerOn();
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(sim.bootedFrom).toBe("pxe");
    const monitor = calls(bmc, "GET /redfish/v1/TaskService/TaskMonitors/1");
    expect(monitor.at(0)).toBe(202);
    expect(monitor.at(-1)).toBe(204);
  });
});

describe("Redfish driver ↔ lab Redfish BMC: boot, identify, info", () => {
  it("sets the boot device once or persistently, as the chassis then boots", async () => {
    const { sim, boots, driver } = await setup();
    await driver.setBootDevice("disk", true);
    expect(sim.bootSettings).toEqual({ next: null, persistent: "disk" });
    await driver.setBootDevice("pxe", false);
    expect(sim.bootSettings).toEqual({ next: "pxe", persistent: "disk" });
    await driver.powerOn();
    await driver.reset();
    expect(boots).toEqual(["pxe", "disk"]);
    await driver.setBootDevice("bios", false);
    await driver.reset();
    expect(sim.bootedFrom).toBe("bios");
    await driver.setBootDevice("disk", true); // the device it already has: succeeds
    expect(sim.bootSettings).toEqual({ next: null, persistent: "disk" });
  });

  it("switches the identify LED and reads it back", async () => {
    const { sim, driver } = await setup();
    await driver.setIdentify(true);
    expect(sim.identifyOn).toBe(true);
    expect((await driver.readInfo()).identifyOn).toBe(true);
    await driver.setIdentify(false);
    expect(sim.identifyOn).toBe(false);
    expect((await driver.readInfo()).identifyOn).toBe(false);
  });

  it("reads inventory, firmware, power draw (standby when off) and power supplies", async () => {
    const { driver } = await setup({ powerSupplies: ["OK", "Critical"] });
    const off = await driver.readInfo();
    expect(off).toEqual({
      powerState: "off", manufacturer: "Lab Systems", model: "LS-1U", serial: "LAB0001", firmwareVersion: "2.14.0",
      biosVersion: "1.8.2", powerWatts: powerWatts("LAB0001", false), identifyOn: false,
      powerSupplies: [{ name: "PSU1", health: "OK", state: "Enabled" }, { name: "PSU2", health: "Critical", state: "Enabled" }],
      systems: ["1"],
    });
    expect(off.powerWatts).toBeLessThan(20);
    await driver.powerOn();
    const on = await driver.readInfo();
    expect(on.powerState).toBe("on");
    expect(on.powerWatts).toBeGreaterThanOrEqual(150);
  });
});

describe("Redfish driver ↔ lab Redfish BMC: sessions and ETags", () => {
  it("logs in once, reuses the session, logs in again after it expired, deletes it on close", async () => {
    const { bmc, driver } = await setup();
    await driver.readInfo();
    await driver.powerOn();
    expect(calls(bmc, "POST /redfish/v1/SessionService/Sessions")).toEqual([201]);
    expect(bmc.sessionCount()).toBe(1);
    bmc.expireSessions();
    await driver.readInfo(); // three requests in parallel meet the 401; one of them logs in again
    expect(calls(bmc, "POST /redfish/v1/SessionService/Sessions")).toEqual([201, 201]);
    expect(bmc.sessionCount()).toBe(1);
    await driver.close();
    expect(bmc.sessionCount()).toBe(0);
    expect(calls(bmc, "DELETE /redfish/v1/SessionService/Sessions/")).toEqual([204]);
  });

  it("uses basic auth when the BMC has no session service", async () => {
    const { sim, bmc, driver } = await setup({ sessions: false });
    await driver.powerOn();
    expect(sim.bootedFrom).toBe("pxe");
    expect(calls(bmc, "Sessions")).toEqual([]);
    expect(bmc.requests.every((r) => r.status < 400)).toBe(true);
  });

  it("sends If-Match when the BMC requires it, and re-reads a stale ETag (428, then 412) once", async () => {
    const { sim, bmc, driver } = await setup({ requireIfMatch: true });
    await driver.setBootDevice("pxe", false);
    expect(calls(bmc, "PATCH /redfish/v1/Systems/1")).toEqual([428, 204]);
    await sim.powerOn(); // the system changes behind the driver's back: its ETag is stale now
    await driver.setIdentify(true);
    expect(calls(bmc, "PATCH /redfish/v1/Systems/1")).toEqual([428, 204, 412, 204]);
    expect(sim.identifyOn).toBe(true);
    await driver.setIdentify(false); // the ETag from the last PATCH answer is current: no retry
    expect(calls(bmc, "PATCH /redfish/v1/Systems/1")).toEqual([428, 204, 412, 204, 204]);
  });
});

describe("many lab Redfish BMCs in one process", () => {
  it("200 BMCs start on their own ports and each answers for its own chassis (20 drivers at a time)", async () => {
    const fleet = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
      const { sim } = recordingChassis();
      const bmc = await startRedfishBmc({ chassis: sim, user, password, info: { ...testBmcInfo, serial: `LAB${i}` } });
      cleanups.push(() => bmc.stop());
      return { bmc, sim, serial: `LAB${i}` };
    }));
    expect(new Set(fleet.map((f) => f.bmc.address)).size).toBe(200);
    let next = 0;
    const seen: string[] = [];
    await Promise.all(Array.from({ length: 20 }, async () => {
      while (next < fleet.length) {
        const { bmc, sim, serial } = fleet[next++];
        const driver = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password });
        if (serial.endsWith("7")) await driver.powerOn();
        const info = await driver.readInfo();
        await driver.close();
        expect(info.powerState).toBe(sim.bootedFrom ? "on" : "off");
        seen.push(info.serial);
        if (sim.bootedFrom) await sim.powerOff();
      }
    }));
    expect(seen.sort()).toEqual(fleet.map((f) => f.serial).sort());
  });
});

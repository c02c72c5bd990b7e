import { afterEach, describe, expect, it } from "vitest";
import type { BmcConnection } from "@/lib/bmc/driver";
import { createRedfishDriver } from "@/lib/bmc/redfish";
import { startRedfishBmc } from "./redfish-emulator";
import { recordingChassis, testBmcInfo } from "./test-chassis";

/** Several systems behind one BMC, inventory kept on the Chassis, and the boot mode, against the lab emulator. */
const user = "admin";
const password = "sys-Pw-2";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function twoSystems() {
  const one = recordingChassis();
  const two = recordingChassis();
  const bmc = await startRedfishBmc({
    chassis: one.sim, user, password, info: testBmcInfo,
    secondSystem: { chassis: two.sim, info: { ...testBmcInfo, serial: "LAB0002" } },
  });
  const drivers: { close(): Promise<void> }[] = [];
  cleanups.push(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    await bmc.stop();
    await one.sim.powerOff();
    await two.sim.powerOff();
  });
  const driver = (over: Partial<BmcConnection> = {}) => {
    const d = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password, settleMs: 0, ...over });
    drivers.push(d);
    return d;
  };
  return { bmc, one: one.sim, two: two.sim, driver };
}

describe("Redfish system selection", () => {
  it("the system named by the address path or by systemId is the one managed", async () => {
    const { bmc, one, two, driver } = await twoSystems();
    await driver({ address: `${bmc.address}/redfish/v1/Systems/2` }).powerOn();
    expect(two.bootedFrom).toBe("pxe");
    expect(one.bootedFrom).toBeNull();
    await driver({ systemId: "1" }).powerOn();
    expect(one.bootedFrom).toBe("pxe");
    expect((await driver({ systemId: "2" }).readInfo()).serial).toBe("LAB0002");
    await driver({ systemId: "2" }).powerOff();
    expect(two.bootedFrom).toBeNull();
    expect(one.bootedFrom).toBe("pxe");
  });

  it("several systems and none named: a configuration error listing the choices, nothing sent", async () => {
    const { bmc, one, two, driver } = await twoSystems();
    const err = await driver().powerOn().catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: "config", retryable: false,
      message: `the BMC at ${bmc.address} manages 2 computer systems ("1", "2"); name one in the BMC settings (system 1, or the address ${bmc.address}/redfish/v1/Systems/1)`,
    });
    const unknown = await driver({ systemId: "7" }).powerState().catch((e: unknown) => e);
    expect(unknown).toMatchObject({ kind: "config", message: `the BMC at ${bmc.address} has no computer system "7"; its systems: "1", "2"` });
    expect(one.boots + two.boots).toBe(0);
  });
});

describe("Redfish inventory and boot mode", () => {
  it("manufacturer, model and serial come from the Chassis when the System lacks them", async () => {
    const { sim } = recordingChassis();
    const bmc = await startRedfishBmc({ chassis: sim, user, password, info: testBmcInfo, inventoryOnChassisOnly: true });
    const driver = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password });
    cleanups.push(async () => {
      await driver.close();
      await bmc.stop();
    });
    expect(await driver.readInfo()).toMatchObject({ manufacturer: "Lab Systems", model: "LS-1U", serial: "LAB0001", biosVersion: "1.8.2" });
  });

  it("setBootDevice sets BootSourceOverrideMode: UEFI by default, legacy when the machine asks for it", async () => {
    const { sim } = recordingChassis();
    const bmc = await startRedfishBmc({ chassis: sim, user, password, info: testBmcInfo });
    cleanups.push(() => bmc.stop());
    const legacy = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password, bootMode: "legacy" });
    await legacy.setBootDevice("pxe", false);
    await legacy.close();
    expect(sim.bootMode).toBe("legacy");
    const uefi = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password });
    await uefi.setBootDevice("disk", true);
    await uefi.close();
    expect(sim.bootMode).toBe("uefi");
    expect(sim.bootSettings).toEqual({ next: null, persistent: "disk" });
  });
});

import { describe, expect, it } from "vitest";
import { SimPowerDriver } from "./sim-power";

/** A machine whose "OS" records what it booted and runs until powered off. */
function machine() {
  const boots: string[] = [];
  let stopped = 0;
  const driver = new SimPowerDriver((device, signal) => {
    boots.push(device);
    return new Promise<void>((resolve) => signal.addEventListener("abort", () => {
      stopped += 1;
      resolve();
    }, { once: true }));
  });
  return { driver, boots, stopped: () => stopped };
}

describe("simulated power driver", () => {
  it("is idempotent: on when on and off when off change nothing", async () => {
    const { driver, boots, stopped } = machine();
    expect(await driver.powerState()).toBe("off");
    await driver.powerOff();
    await driver.powerOn();
    await driver.powerOn();
    expect(boots).toEqual(["pxe"]);
    expect(await driver.powerState()).toBe("on");
    await driver.powerOff();
    await driver.powerOff();
    expect(stopped()).toBe(1);
    expect(await driver.powerState()).toBe("off");
  });

  it("reset and cycle stop the running machine and boot it again; on an off machine they power on", async () => {
    const { driver, boots, stopped } = machine();
    await driver.reset();
    expect(boots).toEqual(["pxe"]);
    await driver.cycle();
    expect(boots).toEqual(["pxe", "pxe"]);
    expect(stopped()).toBe(1);
  });

  it("uses a one-time boot device once, then the persistent one", async () => {
    const { driver, boots } = machine();
    await driver.setBootDevice("disk", true);
    await driver.setBootDevice("pxe", false);
    await driver.powerOn();
    await driver.reset();
    expect(boots).toEqual(["pxe", "disk"]);
    expect(driver.bootedFrom).toBe("disk");
  });

  it("in BIOS setup the machine is on but runs nothing", async () => {
    const { driver, boots } = machine();
    await driver.setBootDevice("bios", false);
    await driver.powerOn();
    expect(await driver.powerState()).toBe("on");
    expect(boots).toEqual([]);
    await driver.powerOff();
    expect(await driver.powerState()).toBe("off");
  });

  it("runs commands one at a time, like a BMC: concurrent resets never leave two machines running", async () => {
    const { driver, boots, stopped } = machine();
    await Promise.all([driver.powerOn(), driver.reset(), driver.reset(), driver.powerOn()]);
    expect(boots.length - stopped()).toBe(1);
    expect(boots).toHaveLength(3);
  });
});

import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimPowerDriver } from "../sim-power";
import { startChassisControlServer, type ChassisControlServer } from "./chassis-control-server";

/**
 * chassis-control.sh as ipmi_sim runs it (a separate bash process with ipmi_sim's arguments
 * and environment) against the chassis control server and a SimPowerDriver.
 */
const SCRIPT = path.join(import.meta.dirname, "chassis-control.sh");

function machine() {
  const boots: string[] = [];
  const power = new SimPowerDriver((device, signal) => {
    boots.push(device);
    return new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  });
  return { power, boots };
}

describe("chassis-control.sh + chassis control server", () => {
  const m = machine();
  let server: ChassisControlServer;
  const run = (args: string[], token = server.token) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile("/bin/bash", [SCRIPT, server.url, ...args], { env: { LAB_CHASSIS_CONTROL_TOKEN: token } as unknown as NodeJS.ProcessEnv }, (err, stdout) => {
        resolve({ code: err ? Number(err.code) : 0, stdout });
      });
    });

  beforeAll(async () => {
    server = await startChassisControlServer(new Map([["m1", m.power]]), { onError: () => {} });
  });
  afterAll(async () => {
    await server.stop();
    await m.power.powerOff();
  });

  it("gets and sets power", async () => {
    expect(await run(["m1", "get", "power"])).toEqual({ code: 0, stdout: "power:0\n" });
    expect(await run(["m1", "set", "power", "1"])).toEqual({ code: 0, stdout: "" });
    expect(await run(["m1", "get", "power"])).toEqual({ code: 0, stdout: "power:1\n" });
    expect(await m.power.powerState()).toBe("on");
    await run(["m1", "set", "reset", "1"]);
    expect(await run(["m1", "get", "power", "boot"])).toEqual({ code: 0, stdout: "power:1\nboot:pxe\n" });
    expect(m.boots).toEqual(["pxe", "pxe"]);
    await run(["m1", "set", "shutdown", "1"]);
    expect(await m.power.powerState()).toBe("off");
  });

  it("maps IPMI boot devices: pxe/bios next boot, default = disk persistent, none clears the next boot", async () => {
    await run(["m1", "set", "boot", "default"]);
    expect(await run(["m1", "get", "boot"])).toEqual({ code: 0, stdout: "boot:default\n" });
    expect(m.power.bootSettings).toEqual({ next: null, persistent: "disk" });
    await run(["m1", "set", "boot", "bios"]);
    expect(await run(["m1", "get", "boot"])).toEqual({ code: 0, stdout: "boot:bios\n" });
    await run(["m1", "set", "boot", "none"]);
    expect(await run(["m1", "get", "boot"])).toEqual({ code: 0, stdout: "boot:default\n" });
    await run(["m1", "set", "boot", "pxe"]);
    expect(m.power.bootSettings).toEqual({ next: "pxe", persistent: "disk" });
  });

  it("identify: force on, off, and on for an interval", async () => {
    await run(["m1", "set", "identify", "0 1"]);
    expect(m.power.identifyOn).toBe(true);
    await run(["m1", "set", "identify", "0 0"]);
    expect(m.power.identifyOn).toBe(false);
    await run(["m1", "set", "identify", "15 0"]);
    expect(m.power.identifyOn).toBe(true);
    await run(["m1", "set", "identify", "0 0"]);
  });

  it("fails with exit 1 and a reason: bad value, unknown machine, wrong token", async () => {
    expect(await run(["m1", "set", "boot", "cdrom"])).toEqual({ code: 1, stdout: expect.stringContaining("HTTP 400") });
    expect(await run(["m1", "set", "power", "2"])).toEqual({ code: 1, stdout: expect.stringContaining("invalid power value") });
    expect(await run(["m2", "get", "power"])).toEqual({ code: 1, stdout: expect.stringContaining("HTTP 404") });
    expect(await run(["m1", "get", "power"], "wrong")).toEqual({ code: 1, stdout: expect.stringContaining("HTTP 401") });
    expect(await run(["m1", "set", "power"])).toEqual({ code: 1, stdout: expect.stringContaining("pairs") });
  });
});

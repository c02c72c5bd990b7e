import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BmcError, type BmcConnection } from "@/lib/bmc/driver";
import { createIpmiDriver } from "@/lib/bmc/ipmi";
import { SimPowerDriver } from "../sim-power";
import { startChassisControlServer, type ChassisControlServer } from "./chassis-control-server";
import { startIpmiSimBmc, type IpmiSimBmc } from "./ipmi-sim";
import { missingIpmiTools } from "./ipmi-tools";
import { isProcessAlive, waitForProcessDeath } from "./process-group";
import { waitForRmcpPong } from "./rmcp-ping";
import { claimUdpPort, releaseUdpPort } from "./udp-port";

/**
 * The IPMI driver against real ipmi_sim BMCs whose chassis is a SimPowerDriver in this
 * process (through chassis-control.sh and the chassis control server), over real UDP.
 */
const missing = missingIpmiTools();
if (missing && process.env.CI) throw new Error(`CI must install the IPMI tools: ${missing}`);
if (missing) console.warn(`skipping ipmi_sim tests: ${missing}`);

const PASSWORD = "s3cret-Pw";

/** A machine that records what it booted and runs until powered off. */
function recordingMachine() {
  const boots: string[] = [];
  let waiters: Array<() => void> = [];
  const power = new SimPowerDriver((device, signal) => {
    boots.push(device);
    for (const w of waiters) w();
    waiters = [];
    return new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  });
  const nextBoot = () => new Promise<void>((resolve) => waiters.push(resolve));
  return { power, boots, nextBoot };
}

describe.skipIf(missing !== null)("IPMI driver against ipmi_sim lab BMCs", () => {
  const machine = recordingMachine();
  const chassis = new Map([["m1", machine.power]]);
  let server: ChassisControlServer;
  let bmc: IpmiSimBmc;
  // A short settle window: this lab applies power changes at once (bmc-settle.test.ts has the delays).
  const conn = (over: Partial<BmcConnection> = {}): BmcConnection => ({ protocol: "ipmi", address: bmc.address, user: "admin", password: PASSWORD, settleMs: 200, ...over });

  beforeAll(async () => {
    server = await startChassisControlServer(chassis);
    bmc = await startIpmiSimBmc({
      machineId: "m1",
      chassisControl: server,
      user: "admin",
      password: PASSWORD,
      fru: { manufacturer: "Lab Systems", product: "LS-2000", serial: "LAB-0001", partNumber: "LS2000-A" },
      firmwareVersion: "3.17",
    });
  });
  afterAll(async () => {
    await bmc?.stop();
    await server?.stop();
    await machine.power.powerOff();
  });

  it("powers on and off, and the chassis follows; on when on and off when off change nothing", async () => {
    const driver = createIpmiDriver(conn());
    expect(await driver.powerState()).toBe("off");
    await driver.powerOn();
    expect(await machine.power.powerState()).toBe("on");
    await driver.powerOn();
    expect(machine.power.boots).toBe(1);
    expect(await driver.powerState()).toBe("on");
    await driver.powerOff();
    expect(await machine.power.powerState()).toBe("off");
    await driver.powerOff();
    expect(await driver.powerState()).toBe("off");
  });

  it("reset of an off machine powers it on; of a running one boots it again", async () => {
    const driver = createIpmiDriver(conn());
    const before = machine.power.boots;
    await driver.reset();
    expect(await machine.power.powerState()).toBe("on");
    await driver.reset();
    expect(await machine.power.powerState()).toBe("on");
    expect(machine.power.boots).toBe(before + 2);
  });

  it("cycle turns a running machine off and on again after the BMC's off interval", async () => {
    const driver = createIpmiDriver(conn());
    await driver.powerOn();
    const before = machine.power.boots;
    const booted = machine.nextBoot();
    await driver.cycle();
    await booted;
    expect(machine.power.boots).toBe(before + 1);
    expect(await driver.powerState()).toBe("on");
    await driver.powerOff();
    await driver.cycle();
    expect(await machine.power.powerState()).toBe("on");
  });

  it("sets the boot device: pxe and bios for the next boot, disk persistently", async () => {
    const driver = createIpmiDriver(conn());
    await driver.setBootDevice("disk", true);
    await machine.power.powerState(); // queued behind the chassis's boot setting
    expect(machine.power.bootSettings).toEqual({ next: null, persistent: "disk" });
    await driver.setBootDevice("pxe", false);
    await machine.power.powerState();
    expect(machine.power.bootSettings).toEqual({ next: "pxe", persistent: "disk" });
    machine.boots.length = 0;
    await driver.reset();
    await driver.reset();
    expect(machine.boots).toEqual(["pxe", "disk"]);
    await driver.setBootDevice("bios", false);
    await driver.reset();
    expect(machine.power.bootedFrom).toBe("bios");
    expect(machine.boots).toEqual(["pxe", "disk"]);
  });

  it("a persistent pxe or bios request is a next-boot request in the lab (ipmi_sim drops the persistent flag)", async () => {
    const driver = createIpmiDriver(conn());
    await driver.setBootDevice("disk", true);
    await driver.setBootDevice("pxe", true);
    await machine.power.powerState();
    expect(machine.power.bootSettings).toEqual({ next: "pxe", persistent: "disk" });
  });

  it("boot overrides carry the EFI bit for UEFI machines (0xA0 once, 0xE0 persistent) and not for legacy ones", async () => {
    // The real ipmitool, made to print the requests it sends (-vvvv) into a file.
    const dir = await mkdtemp(path.join(os.tmpdir(), "ipmitool-vvvv-"));
    const log = path.join(dir, "requests.log");
    const wrapper = path.join(dir, "ipmitool");
    await writeFile(wrapper, `#!/bin/sh\nexec ipmitool -vvvv "$@" 2>>'${log}'\n`, { mode: 0o755 });
    const sent = async (bootMode: "uefi" | "legacy", persistent: boolean) => {
      await writeFile(log, "");
      await createIpmiDriver(conn({ bootMode }), { ipmitool: wrapper }).setBootDevice("pxe", persistent);
      // "data    : 0x05 <flags> <device> ...": Set System Boot Options, parameter 5 (boot flags).
      return /data\s*:\s*0x05 (0x[0-9a-f]{2}) 0x04/.exec(await readFile(log, "utf8"))?.[1];
    };
    try {
      expect(await sent("uefi", false)).toBe("0xa0");
      expect(await sent("uefi", true)).toBe("0xe0");
      expect(await sent("legacy", false)).toBe("0x80");
      expect(await sent("legacy", true)).toBe("0xc0");
      await machine.power.powerState();
      expect(machine.power.bootSettings.next).toBe("pxe");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("turns the identify LED on and off", async () => {
    const driver = createIpmiDriver(conn());
    await driver.setIdentify(true);
    await machine.power.powerState();
    expect(machine.power.identifyOn).toBe(true);
    await driver.setIdentify(false);
    await machine.power.powerState();
    expect(machine.power.identifyOn).toBe(false);
  });

  it("reads FRU, firmware, power state and power supplies", async () => {
    const driver = createIpmiDriver(conn());
    await driver.powerOn();
    expect(await driver.readInfo()).toEqual({
      powerState: "on",
      manufacturer: "Lab Systems",
      model: "LS-2000",
      serial: "LAB-0001",
      firmwareVersion: "3.17",
      biosVersion: "", // ipmi_sim has no Get System Info
      powerWatts: null, // nor DCMI
      powerSupplies: [
        { name: "PSU 1", health: "OK", state: "Enabled" },
        { name: "PSU 2", health: "OK", state: "Enabled" },
      ],
      identifyOn: null, // ipmi_sim does not report the identify state in Get Chassis Status
    });
  });

  it("a wrong password or user fails fast with 'authentication failed', never showing the password", async () => {
    for (const wrong of [conn({ password: "not-the-Pw" }), conn({ user: "nobody" })]) {
      const started = Date.now();
      const err = await createIpmiDriver(wrong).powerState().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BmcError);
      expect((err as BmcError).kind).toBe("auth");
      expect((err as BmcError).retryable).toBe(false);
      expect((err as BmcError).message).toContain("authentication failed");
      expect((err as BmcError).message).not.toContain(wrong.password);
      expect((err as BmcError).message).not.toContain(PASSWORD);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it("a cipher suite the BMC does not offer is a configuration error, not retried as unreachable", async () => {
    for (const ipmiCipherSuite of [17, 11]) {
      const err = await createIpmiDriver(conn({ ipmiCipherSuite })).powerState().catch((e: unknown) => e);
      expect(err, `-C ${ipmiCipherSuite}`).toMatchObject({ kind: "config", retryable: false, message: expect.stringContaining(`enable cipher suite ${ipmiCipherSuite}`) });
    }
  });

  it("nothing listening: unreachable after ipmitool's one retry, or timeout at the call's limit", async () => {
    const port = (await claimUdpPort("127.0.0.1")) as number;
    releaseUdpPort(port);
    const address = `127.0.0.1:${port}`;
    let started = Date.now();
    const unreachable = await createIpmiDriver(conn({ address })).powerOn().catch((e: unknown) => e);
    expect((unreachable as BmcError).kind).toBe("unreachable");
    expect(Date.now() - started).toBeLessThan(8000);
    started = Date.now();
    const timeout = await createIpmiDriver(conn({ address, timeoutMs: 1000 })).readInfo().catch((e: unknown) => e);
    expect((timeout as BmcError).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
    for (const err of [unreachable, timeout]) {
      expect((err as BmcError).retryable).toBe(true);
      expect((err as BmcError).message).not.toContain(PASSWORD);
    }
  });

  it("a call that times out is interrupted so that ipmitool closes its session: no slot is left taken on the BMC", async () => {
    // A chassis whose status takes 3 s: ipmi_sim waits for it synchronously, so a call whose
    // session is open gets no answer within its 800 ms.
    const slow = http.createServer((req, res) => void sleep(3_000).then(() => res.writeHead(200).end("0"))).listen(0, "127.0.0.1");
    await new Promise((resolve) => slow.once("listening", resolve));
    const slowBmc = await startIpmiSimBmc({
      machineId: "m1", chassisControl: { url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, token: "t" }, user: "admin", password: PASSWORD,
      fru: { manufacturer: "X Y", product: "P", serial: "S" },
    });
    const sessions = async () => {
      const out = await new Promise<string>((resolve) => execFile("ipmitool", ["-I", "lanplus", "-C", "3", "-H", slowBmc.host, "-p", String(slowBmc.port), "-U", "admin", "-E", "session", "info", "active"],
        { env: { IPMI_PASSWORD: PASSWORD } as unknown as NodeJS.ProcessEnv, encoding: "utf8" }, (_e, stdout) => resolve(stdout)));
      return Number(/active sessions\s*:\s*(\d+)/.exec(out)?.[1]); // counts the asking session too
    };
    try {
      expect(await sessions()).toBe(1);
      const err = await createIpmiDriver(conn({ address: slowBmc.address, timeoutMs: 800 })).powerState().catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: "timeout" });
      expect(await sessions()).toBe(1);
    } finally {
      slow.closeAllConnections();
      slow.close();
      await slowBmc.stop();
    }
  });

  it("a chassis that fails is reported as rejected with the BMC's completion code", async () => {
    const orphan = await startIpmiSimBmc({ machineId: "not-in-the-lab", chassisControl: server, user: "admin", password: PASSWORD, fru: { manufacturer: "X Y", product: "P", serial: "S" } });
    try {
      const err = await createIpmiDriver(conn({ address: orphan.address })).powerOn().catch((e: unknown) => e);
      expect((err as BmcError).kind).toBe("rejected");
      expect((err as BmcError).message).toContain("Unspecified error");
    } finally {
      await orphan.stop();
    }
  });

  it("several BMCs run side by side, each driving its own machine; a port in use is refused", async () => {
    const others = [recordingMachine(), recordingMachine()];
    others.forEach((m, i) => chassis.set(`m${i + 2}`, m.power));
    const bmcs = await Promise.all(others.map((_, i) => startIpmiSimBmc({ machineId: `m${i + 2}`, chassisControl: server, user: "admin", password: PASSWORD, fru: { manufacturer: "Lab Systems", product: "LS-2000", serial: `LAB-000${i + 2}` } })));
    try {
      expect(new Set([bmc.port, ...bmcs.map((b) => b.port)]).size).toBe(3);
      await createIpmiDriver(conn({ address: bmcs[1].address })).powerOn();
      expect(await others[1].power.powerState()).toBe("on");
      expect(await others[0].power.powerState()).toBe("off");
      expect((await createIpmiDriver(conn({ address: bmcs[0].address })).readInfo()).serial).toBe("LAB-0002");
      await expect(startIpmiSimBmc({ machineId: "m2", chassisControl: server, user: "admin", password: PASSWORD, port: bmcs[0].port, fru: { manufacturer: "X Y", product: "P", serial: "S" } })).rejects.toThrow(/in use/);
    } finally {
      await Promise.all(bmcs.map((b) => b.stop()));
      await Promise.all(others.map((m) => m.power.powerOff()));
    }
  });

  it("stop() ends ipmi_sim: the process is gone and the port no longer answers", async () => {
    const extra = await startIpmiSimBmc({ machineId: "m1", chassisControl: server, user: "admin", password: PASSWORD, fru: { manufacturer: "X Y", product: "P", serial: "S" } });
    expect(isProcessAlive(extra.pid)).toBe(true);
    await extra.stop();
    expect(isProcessAlive(extra.pid)).toBe(false);
    await expect(waitForRmcpPong(extra.host, extra.port, { timeoutMs: 300 })).rejects.toThrow(/no RMCP pong/);
  });

  it("a lab process that exits without stop() leaves no BMC running", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ipmi-exit-"));
    const script = path.join(dir, "start-and-exit.mts");
    await writeFile(script, [
      `import { startIpmiSimBmc } from ${JSON.stringify(path.join(import.meta.dirname, "ipmi-sim.ts"))};`,
      `const bmc = await startIpmiSimBmc({ machineId: "m1", chassisControl: ${JSON.stringify({ url: server.url, token: server.token })}, user: "admin", password: "pw", dir: ${JSON.stringify(dir)}, fru: { manufacturer: "A B", product: "P", serial: "S" }, chassisScript: ${JSON.stringify(path.join(import.meta.dirname, "chassis-control.sh"))} });`,
      "console.log(bmc.pid);",
      "process.exit(0);",
    ].join("\n"));
    try {
      const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
      const stdout = await new Promise<string>((resolve, reject) => execFile(tsx, [script], { timeout: 20_000 }, (err, out) => (err ? reject(err) : resolve(out))));
      const pid = Number(stdout.trim());
      expect(pid).toBeGreaterThan(1);
      // The exit hook's SIGKILL is asynchronous: the process dies soon after, not at once.
      expect(await waitForProcessDeath(pid)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

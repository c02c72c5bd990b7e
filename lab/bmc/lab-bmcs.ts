import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LabMachine } from "../machines";
import { type ChassisControlServer, startChassisControlServer } from "./chassis-control-server";
import { startIpmiSimBmc } from "./ipmi-sim";
import type { PowerDelay } from "./power-delay";
import { startRedfishBmc } from "./redfish-emulator";

/**
 * One BMC per lab machine, speaking a real protocol to the control plane's drivers and driving
 * the machine's chassis (its SimPowerDriver): the Redfish emulator (HTTP, in this process: no
 * system packages, the embedded default) or OpenIPMI's ipmi_sim (UDP). Each BMC's credentials
 * are random and kept in the machine's directory (bmc.json), so a restarted lab keeps them;
 * with `basePort`, machine i's BMC listens on basePort + i, so its address survives a restart
 * too (a machine that boots its installed OS does not register again to report a new one).
 * The BMC report goes into the machine's hardware profile: the agent registers it as
 * metal-hammer reports what it reads in-band.
 */
export type LabBmcProtocol = "redfish" | "ipmi";
export type LabBmcOptions = {
  protocol: LabBmcProtocol;
  basePort?: number;
  /** Power changes land this long after the request, as on real BMCs (power-delay.ts); default none. */
  powerDelay?: PowerDelay;
};
export type LabBmc = { address: string; user: string; password: string; stop: () => Promise<void> };
export type LabBmcs = { bmcs: LabBmc[]; stop: () => Promise<void> };

const USER = "admin";

async function credentials(dir: string): Promise<{ user: string; password: string }> {
  const file = path.join(dir, "bmc.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as { user: string; password: string };
  } catch {
    // 16 characters: within IPMI 2.0's 20-byte password limit.
    const created = { user: USER, password: randomBytes(12).toString("base64url") };
    await writeFile(file, JSON.stringify(created), { mode: 0o600 });
    return created;
  }
}

const fru = (m: LabMachine) => ({ manufacturer: "Lab Systems", model: m.spec.sizeId === "c1-large-x86" ? "LS-2U" : "LS-1U", serial: `LAB${String(m.spec.index).padStart(5, "0")}` });

async function startOne(m: LabMachine, o: LabBmcOptions, chassisControl: ChassisControlServer | null): Promise<LabBmc> {
  const { user, password } = await credentials(m.spec.dir);
  const port = o.basePort === undefined ? undefined : o.basePort + m.spec.index;
  if (o.protocol === "redfish") {
    const bmc = await startRedfishBmc({ chassis: m.power, user, password, port, powerDelay: o.powerDelay, info: { ...fru(m), firmwareVersion: "2.14.0", biosVersion: "1.8.2", uuid: m.id } });
    return { address: bmc.address, user, password, stop: () => bmc.stop() };
  }
  const { manufacturer, model: product, serial } = fru(m);
  const bmc = await startIpmiSimBmc({ machineId: m.id, chassisControl: chassisControl!, user, password, port, fru: { manufacturer, product, serial }, dir: m.spec.dir });
  return { address: bmc.address, user, password, stop: () => bmc.stop() };
}

/** Starts every machine's BMC (IPMI: with the one chassis control server they share) and reports it. */
export async function startLabBmcs(machines: LabMachine[], o: LabBmcOptions): Promise<LabBmcs> {
  const chassisControl = o.protocol === "ipmi" ? await startChassisControlServer(new Map(machines.map((m) => [m.id, m.power])), { powerDelay: o.powerDelay }) : null;
  const bmcs: LabBmc[] = [];
  const stop = async () => {
    await Promise.all(bmcs.map((b) => b.stop()));
    await chassisControl?.stop();
  };
  try {
    for (const m of machines) {
      const bmc = await startOne(m, o, chassisControl);
      bmcs.push(bmc);
      await m.reportBmc({ protocol: o.protocol, address: bmc.address, user: bmc.user, password: bmc.password });
    }
    return { bmcs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

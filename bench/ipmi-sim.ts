/**
 * `npm run bench:ipmi`: the IPMI driver against lab BMCs (ipmi_sim + chassis control server).
 *   - how long N ipmi_sim BMCs take to start, all at once, until each answers an RMCP ping
 *     (N = first argument, default 20), and their resident memory;
 *   - p50/p90 of each driver call against one BMC (second argument runs each, default 10).
 * A call is one whole driver operation as a job runs it (e.g. powerOn = status + on + status).
 */
import { readFileSync } from "node:fs";
import { SimPowerDriver } from "@/lab/sim-power";
import { startChassisControlServer } from "@/lab/bmc/chassis-control-server";
import { startIpmiSimBmc, type IpmiSimBmc } from "@/lab/bmc/ipmi-sim";
import { createIpmiDriver } from "@/lib/bmc/ipmi";
import type { BmcDriver } from "@/lib/bmc/driver";
import { percentile, sample } from "./stats";

const count = Number(process.argv[2] ?? 20);
const calls = Number(process.argv[3] ?? 10);

const machine = () => new SimPowerDriver((_device, signal) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true })));
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

async function timeCall(n: number, op: () => Promise<unknown>): Promise<string> {
  const t = await sample(n, op);
  return `p50 ${percentile(t, 50).toFixed(0)} ms, p90 ${percentile(t, 90).toFixed(0)} ms`;
}

async function main() {
  const chassis = new Map(Array.from({ length: count }, (_, i) => [`m${i}`, machine()] as const));
  const server = await startChassisControlServer(chassis);
  const fru = (i: number) => ({ manufacturer: "Lab Systems", product: "LS-2000", serial: `LAB-${String(i).padStart(4, "0")}` });
  let bmcs: IpmiSimBmc[] = [];
  try {
    const started = performance.now();
    bmcs = await Promise.all([...chassis.keys()].map((id, i) => startIpmiSimBmc({ machineId: id, chassisControl: server, user: "admin", password: "bench-pw", fru: fru(i) })));
    const elapsed = performance.now() - started;
    const rss = bmcs.map((b) => rssMiB(b.pid));
    console.log(`${count} ipmi_sim BMCs answering after ${elapsed.toFixed(0)} ms (RSS ${(rss.reduce((a, b) => a + b, 0) / rss.length).toFixed(1)} MiB each)`);

    const d: BmcDriver = createIpmiDriver({ protocol: "ipmi", address: bmcs[0].address, user: "admin", password: "bench-pw" });
    const rows: Array<[string, () => Promise<unknown>]> = [
      ["powerState", () => d.powerState()],
      ["powerOn (already on)", async () => d.powerOn()],
      ["powerOff + powerOn", async () => { await d.powerOff(); await d.powerOn(); }],
      ["reset", () => d.reset()],
      ["cycle (accepted)", () => d.cycle()],
      ["setBootDevice pxe", () => d.setBootDevice("pxe", false)],
      ["setBootDevice disk persistent", () => d.setBootDevice("disk", true)],
      ["setIdentify on + off", async () => { await d.setIdentify(true); await d.setIdentify(false); }],
      ["readInfo", () => d.readInfo()],
    ];
    await d.powerOn();
    for (const [name, op] of rows) console.log(`${name.padEnd(30)} ${await timeCall(calls, op)}`);
  } finally {
    await Promise.all(bmcs.map((b) => b.stop()));
    await server.stop();
    await Promise.all([...chassis.values()].map((m) => m.powerOff()));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

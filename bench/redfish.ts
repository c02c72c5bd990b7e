/**
 * `npm run bench:redfish`: the Redfish driver against the lab's Redfish BMC, over real HTTP on
 * 127.0.0.1 (both in this process, so the figures include the emulator's own work).
 *   - per-call latency on one BMC: powerState (1 GET), setBootDevice (1 PATCH), power off + on
 *     (GET + POST + GET each), readInfo (system, manager, chassis, Power), first call of a new
 *     driver (service root, session login, discovery, call)
 *   - 200 emulated BMCs: time to start them, then readInfo on all 200 with 20 at a time, with
 *     fresh drivers (login + discovery included) and again with the same drivers (sessions reused)
 */
import { createRedfishDriver, type RedfishDriver } from "@/lib/bmc/redfish";
import { type RedfishBmc, startRedfishBmc } from "@/lab/bmc/redfish-emulator";
import { recordingChassis, testBmcInfo } from "@/lab/bmc/test-chassis";
import { percentile, sample } from "./stats";

const user = "admin";
const password = "bench-secret";
const rows: { operation: string; n: number; p50: string; p99: string }[] = [];

async function timeOps(operation: string, n: number, op: () => Promise<unknown>): Promise<void> {
  const t = await sample(n, op, 10);
  rows.push({ operation, n, p50: percentile(t, 50).toFixed(2), p99: percentile(t, 99).toFixed(2) });
}

const connect = (bmc: RedfishBmc) => createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password });

async function startBmc(i: number): Promise<{ bmc: RedfishBmc; stop: () => Promise<void> }> {
  const { sim } = recordingChassis();
  const bmc = await startRedfishBmc({ chassis: sim, user, password, info: { ...testBmcInfo, serial: `LAB${String(i).padStart(4, "0")}` } });
  return { bmc, stop: async () => { await bmc.stop(); await sim.powerOff(); } };
}

async function latency(): Promise<void> {
  const { bmc, stop } = await startBmc(0);
  const driver = connect(bmc);
  await timeOps("powerState", 300, () => driver.powerState());
  await timeOps("setBootDevice(pxe, once)", 300, () => driver.setBootDevice("pxe", false));
  await timeOps("powerOff + powerOn", 100, async () => { await driver.powerOff(); await driver.powerOn(); });
  await timeOps("readInfo", 300, () => driver.readInfo());
  await timeOps("new driver: login + discovery + powerState + close", 100, async () => {
    const fresh = connect(bmc);
    await fresh.powerState();
    await fresh.close();
  });
  await driver.close();
  await stop();
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

async function fleet(count: number, concurrency: number): Promise<void> {
  const rss = process.memoryUsage().rss;
  let t = performance.now();
  const bmcs = await Promise.all(Array.from({ length: count }, (_, i) => startBmc(i + 1)));
  const startMs = performance.now() - t;
  const rssMiB = (process.memoryUsage().rss - rss) / 2 ** 20;
  const drivers: RedfishDriver[] = bmcs.map((b) => connect(b.bmc));
  t = performance.now();
  await pool(drivers, concurrency, (d) => d.readInfo());
  const coldMs = performance.now() - t;
  t = performance.now();
  await pool(drivers, concurrency, (d) => d.readInfo());
  const warmMs = performance.now() - t;
  await Promise.all(drivers.map((d) => d.close()));
  await Promise.all(bmcs.map((b) => b.stop()));
  console.log(`\n${count} lab Redfish BMCs in one process:`);
  console.log(`  start all:                                  ${startMs.toFixed(0)} ms (RSS +${rssMiB.toFixed(0)} MiB)`);
  console.log(`  readInfo all, ${concurrency} at a time, new drivers:     ${coldMs.toFixed(0)} ms (login + discovery included)`);
  console.log(`  readInfo all, ${concurrency} at a time, sessions reused: ${warmMs.toFixed(0)} ms`);
}

async function main() {
  await latency();
  console.log("Redfish driver ↔ lab Redfish BMC, one BMC, sequential calls (ms):");
  console.table(rows);
  await fleet(200, 20);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run bench:bmc`: out-of-band management at scale, against lab BMCs speaking the real protocols.
 *   1. 200 BMCs polled (power state, inventory, firmware, power draw, PSUs) with a concurrency of
 *      20 through pollDueBmcs, as the bmc.poll job runs it (target: under 60 s). Redfish (the lab
 *      emulator, in this process) always; IPMI (200 ipmi_sim processes, ipmitool) when installed.
 *   2. Queue-to-done overhead of a command: POST-equivalent requestPowerAction → the worker
 *      (pg-boss job sent in the transaction, woken on commit) → driver → result recorded and
 *      NOTIFY heard; minus the BMC's own time (dispatch → finish). Target p50 < 200 ms.
 *   3. The same for power commands against BMCs whose changes land 1–3 s after the request,
 *      with the drivers' settle window (BMC_SETTLE_MS, 1 s): the BMC's time now includes the
 *      delay and the settle; the overhead around it must stay < 100 ms.
 *   4. 200 Redfish BMCs polled when every answer takes 50–300 ms (a BMC's small CPU), at
 *      concurrency 20 (target: under 60 s).
 *   5. Queue throughput: N machines (200, then 300) freed at once, each queueing
 *      the free plan (boot-pxe, power-reset) on its own Redfish lab BMC; the in-process workers
 *      drain them (BMC_COMMAND_CONCURRENCY slots, lib/jobs/slots.ts). Reports commands/s, start
 *      latency p50/p95/max (a group's first command: queued → started; a later one: its
 *      predecessor on the BMC done → started) and done minus the BMC's own time per group.
 *      Target: every command started within 5 s, finished within BMC time + 5 s.
 *      Runs 200 (commands/s across 200 BMCs) and 300; `BENCH_BMC_FREE=n` runs n alone; `BENCH_ENGINES=postgres` for one engine.
 * PGlite always; PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, isNotNull } from "drizzle-orm";
import { startChassisControlServer } from "@/lab/bmc/chassis-control-server";
import { startIpmiSimBmc } from "@/lab/bmc/ipmi-sim";
import { missingIpmiTools } from "@/lab/bmc/ipmi-tools";
import type { PowerDelay } from "@/lab/bmc/power-delay";
import { startRedfishBmc } from "@/lab/bmc/redfish-emulator";
import { recordingChassis, testBmcInfo } from "@/lab/bmc/test-chassis";
import type { SimPowerDriver } from "@/lab/sim-power";
import { listenChannel } from "@/lib/db/listen";
import { bmcCommands, machineBmcs } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { bmcPlans, enqueueBmcCommands, requestPowerAction } from "@/lib/services/bmc/commands";
import { pollDueBmcs } from "@/lib/services/bmc/poller";
import { saveReportedBmc } from "@/lib/services/bmc/records";
import { insertWaitingMachine, setupCatalog } from "@/lib/services/machines/allocation.fixtures";
import { inTx } from "@/lib/services/tx";
import { freshDatabase, type Engine } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { countStatements } from "@/lib/test/statement-counter";
import { percentile } from "./stats";

type Bmc = { address: string; stop: () => Promise<void> };
const PASSWORD = "bench-Secret1";
const rows: Record<string, string | number>[] = [];
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** `n` machines, each with a lab BMC of `protocol` registered as the agent would report it. */
type Realism = { powerDelay?: PowerDelay; responseDelay?: PowerDelay };

async function machinesWithBmcs(db: Awaited<ReturnType<typeof freshDatabase>>["database"]["db"], n: number, protocol: "redfish" | "ipmi", realism: Realism = {}) {
  const chassis: SimPowerDriver[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(await insertWaitingMachine(db));
    const { sim } = recordingChassis();
    await sim.powerOn();
    chassis.push(sim);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-bmc-"));
  const control = protocol === "ipmi" ? await startChassisControlServer(new Map(ids.map((id, i) => [id, chassis[i]]))) : null;
  const started = performance.now();
  const bmcs: Bmc[] = [];
  for (let i = 0; i < n; i++) {
    const serial = `LAB${String(i).padStart(5, "0")}`;
    bmcs.push(protocol === "redfish"
      ? await startRedfishBmc({ chassis: chassis[i], user: "admin", password: PASSWORD, info: { ...testBmcInfo, serial }, ...realism })
      : await startIpmiSimBmc({ machineId: ids[i], chassisControl: control!, user: "admin", password: PASSWORD, fru: { manufacturer: "Lab Systems", product: "LS-1U", serial }, dir }));
    await inTx(undefined, (t) => saveReportedBmc(t, ids[i], { address: bmcs[i].address, mac: "", protocol, user: "admin", password: PASSWORD, firmwareVersion: "", fru: {} }));
  }
  const startMs = performance.now() - started;
  return {
    ids, startMs,
    stop: async () => {
      await Promise.all(bmcs.map((b) => b.stop()));
      await control?.stop();
      await Promise.all(chassis.map((c) => c.powerOff()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function pollScenario(engine: Engine, protocol: "redfish" | "ipmi", realism: Realism = {}) {
  const { database, cleanup } = await freshDatabase(engine);
  try {
    await setupCatalog();
    const lab = await machinesWithBmcs(database.db, 200, protocol, realism);
    const slow = realism.responseDelay ? `, answers in ${realism.responseDelay.minMs}-${realism.responseDelay.maxMs} ms` : "";
    try {
      const r = await pollDueBmcs({ concurrency: 20 });
      const errors = await database.db.select({ error: machineBmcs.lastPollError }).from(machineBmcs).where(isNotNull(machineBmcs.lastPollError));
      const counts = new Map<string, number>();
      for (const { error } of errors) counts.set(error!.slice(0, 120), (counts.get(error!.slice(0, 120)) ?? 0) + 1);
      for (const [error, n] of counts) console.log(`  ${protocol} poll failures (${n}×): ${error}`);
      rows.push({ engine, scenario: `poll 200 ${protocol} BMCs${slow}, concurrency 20 (BMCs started in ${(lab.startMs / 1000).toFixed(1)} s)`, n: r.polled, result: `${(r.ms / 1000).toFixed(2)} s, ${r.ok} ok, ${r.failed} failed`, target: `< 60 s: ${r.ms < 60_000 && r.ok === 200 ? "met" : "MISSED"}` });
    } finally {
      await lab.stop();
    }
  } finally {
    await cleanup();
  }
}

async function overheadScenario(engine: Engine) {
  const { database, cleanup } = await freshDatabase(engine);
  try {
    await setupCatalog();
    const lab = await machinesWithBmcs(database.db, 20, "redfish");
    await getQueue(database, { workers: true });
    const done = new Map<string, () => void>();
    const unlisten = await listenChannel("machine_changed", (id) => done.get(id)?.());
    try {
      const total: number[] = [];
      const bmc: number[] = [];
      for (let i = 0; i < 110; i++) {
        const machineId = lab.ids[i % lab.ids.length];
        const start = performance.now();
        const { commands: [c] } = await requestPowerAction(operator, machineId, { action: i % 2 ? "identify-off" : "identify-on", persistent: false });
        for (;;) {
          const changed = new Promise<void>((r) => done.set(machineId, r));
          const [row] = await database.db.select().from(bmcCommands).where(eq(bmcCommands.id, c.id));
          if (row.status === "succeeded" || row.status === "failed") {
            if (row.status === "failed") throw new Error(`command failed: ${row.error}`);
            if (i >= 10) { // warm-up
              total.push(performance.now() - start);
              bmc.push(row.finishedAt!.getTime() - row.dispatchedAt!.getTime());
            }
            break;
          }
          await changed;
        }
      }
      const overhead = total.map((t, k) => t - bmc[k]).sort((a, b) => a - b);
      total.sort((a, b) => a - b);
      bmc.sort((a, b) => a - b);
      rows.push({ engine, scenario: "command queue-to-done (identify on/off, Redfish)", n: total.length, result: `total p50 ${ms(percentile(total, 50))} (p95 ${ms(percentile(total, 95))}), BMC p50 ${ms(percentile(bmc, 50))}, overhead p50 ${ms(percentile(overhead, 50))} (p95 ${ms(percentile(overhead, 95))})`, target: `overhead p50 < 200 ms: ${percentile(overhead, 50) < 200 ? "met" : "MISSED"}` });
    } finally {
      unlisten();
      await stopQueue();
      await lab.stop();
    }
  } finally {
    await cleanup();
  }
}

async function throughputScenario(engine: Engine, n: number) {
  const { database, cleanup } = await freshDatabase(engine);
  try {
    await setupCatalog();
    const lab = await machinesWithBmcs(database.db, n, "redfish");
    await getQueue(database, { workers: true });
    try {
      // Round trips per command (PostgreSQL): every statement and transaction from the free to the
      // last result, pg-boss's fetches and completions included, minus the benchmark's own polling
      // and the n frees' transactions.
      const poll = database.db.select().from(bmcCommands);
      const counter = engine === "postgres" ? countStatements(true) : null;
      // What one free's transaction costs, measured on one rolled back (drains run during the frees).
      await inTx(undefined, async (t) => {
        await enqueueBmcCommands(t, lab.ids[0], bmcPlans.free, "free", null);
        throw new Error("rolled back");
      }).catch(() => {});
      const perFree = counter?.count ?? 0;
      counter?.reset();
      const started = performance.now();
      // Freed at once: every free is its own transaction, as n tenants' DELETE requests would be.
      await Promise.all(lab.ids.map((id) => inTx(undefined, (t) => enqueueBmcCommands(t, id, bmcPlans.free, "free", null))));
      const queuedMs = performance.now() - started;
      let rowsNow: (typeof bmcCommands.$inferSelect)[] = [];
      const deadline = Date.now() + 10 * 60_000;
      for (;;) {
        rowsNow = await poll;
        if (rowsNow.every((r) => r.status === "succeeded" || r.status === "failed")) break;
        if (Date.now() > deadline) throw new Error("commands not done within 10 min");
        await new Promise((r) => setTimeout(r, 100));
      }
      const wallMs = performance.now() - started;
      counter?.stop();
      const pollText = poll.toSQL().sql;
      const counted = counter ? counter.texts.filter((q) => q !== pollText) : [];
      const perCommand = (k: number) => (k / (n * 2)).toFixed(2);
      const roundTrips = counter ? `; per command (the frees' transactions not counted): ${perCommand(counted.length - n * perFree)} statements, ${perCommand(counted.filter((q) => /^begin/i.test(q)).length - n)} transactions` : "";
      const failed = rowsNow.filter((r) => r.status === "failed").length;
      // Start latency of a group's first command: from queued until a worker claimed it. A later
      // command of the group starts after its predecessor on the same BMC (one at a time per
      // BMC): its latency is from that predecessor's finish.
      const byGroup = new Map<string, typeof rowsNow>();
      for (const r of rowsNow) byGroup.set(r.groupId, [...(byGroup.get(r.groupId) ?? []), r]);
      const startDelay: number[] = [];
      const nextDelay: number[] = [];
      for (const g of byGroup.values()) {
        g.sort((a, b) => a.seq - b.seq);
        g.forEach((r, i) => (i === 0 ? startDelay : nextDelay).push(r.startedAt!.getTime() - (i === 0 ? r.createdAt : g[i - 1].finishedAt!).getTime()));
      }
      startDelay.sort((a, b) => a - b);
      nextDelay.sort((a, b) => a - b);
      // Beyond the BMC's own time: queued → finished minus dispatch → finish of both commands.
      const beyond = [...byGroup.values()].map((g) => {
        const queued = Math.min(...g.map((r) => r.createdAt.getTime()));
        const done = Math.max(...g.map((r) => r.finishedAt!.getTime()));
        const bmcTime = g.reduce((a, r) => a + (r.finishedAt!.getTime() - (r.dispatchedAt ?? r.finishedAt)!.getTime()), 0);
        return done - queued - bmcTime;
      }).sort((a, b) => a - b);
      const dist = (v: number[]) => `p50 ${ms(percentile(v, 50))} p95 ${ms(percentile(v, 95))} max ${ms(v[v.length - 1] ?? 0)}`;
      const bmcOwn = rowsNow.map((r) => r.finishedAt!.getTime() - (r.dispatchedAt ?? r.finishedAt)!.getTime()).sort((a, b) => a - b);
      const drains = await database.raw.query<{ n: number }>("select count(*)::int as n from pgboss.job where name = 'bmc.drain'");
      const perSecond = rowsNow.length / (wallMs / 1000);
      rows.push({
        engine, scenario: `${n} machines freed at once: ${rowsNow.length} commands (boot-pxe + power-reset), concurrency ${getEnv().bmc.commandConcurrency}, ${drains.rows[0].n} drain jobs`,
        n: rowsNow.length,
        result: `${perSecond.toFixed(1)} commands/s; all done in ${(wallMs / 1000).toFixed(2)} s (queued in ${(queuedMs / 1000).toFixed(2)} s); start latency (queued → started) ${dist(startDelay)}; next command on the BMC (predecessor done → started) ${dist(nextDelay)}; BMC's own time per command p50 ${ms(percentile(bmcOwn, 50))} max ${ms(bmcOwn[bmcOwn.length - 1])}; done minus BMC time ${dist(beyond)}; ${failed} failed${roundTrips}`,
        // "Started within 5 s": a group's first command after it was queued, each later one after
        // its predecessor on the same BMC finished (it cannot start before: one at a time per BMC).
        target: `started ≤ 5 s and done ≤ BMC + 5 s: ${Math.max(startDelay[startDelay.length - 1], nextDelay[nextDelay.length - 1] ?? 0) <= 5000 && beyond[beyond.length - 1] <= 5000 && failed === 0 ? "met" : "MISSED"}`,
      });
    } finally {
      await stopQueue();
      await lab.stop();
    }
  } finally {
    await cleanup();
  }
}

/**
 * Power commands (off, on) against BMCs whose power changes land 1–3 s after the request, with
 * the settle window the workers use: 10 machines, two commands each.
 */
async function settleOverheadScenario(engine: Engine) {
  const { database, cleanup } = await freshDatabase(engine);
  try {
    await setupCatalog();
    const lab = await machinesWithBmcs(database.db, 10, "redfish", { powerDelay: { minMs: 1000, maxMs: 3000 } });
    await getQueue(database, { workers: true });
    const waiters = new Map<string, () => void>();
    const unlisten = await listenChannel("machine_changed", (id) => waiters.get(id)?.());
    try {
      const total: number[] = [];
      const bmc: number[] = [];
      // One command at a time: this measures what settling adds around the BMC's own time, not
      // how the queue handles a burst of commands to many BMCs at once.
      for (const machineId of lab.ids) {
        for (const action of ["off", "on"] as const) {
          const start = performance.now();
          const { commands: [c] } = await requestPowerAction(operator, machineId, { action, persistent: false });
          for (;;) {
            const changed = new Promise<void>((r) => waiters.set(machineId, r));
            const [row] = await database.db.select().from(bmcCommands).where(eq(bmcCommands.id, c.id));
            if (row.status === "failed") throw new Error(`command failed: ${row.error}`);
            if (row.status === "succeeded") {
              total.push(performance.now() - start);
              bmc.push(row.finishedAt!.getTime() - row.dispatchedAt!.getTime());
              break;
            }
            await changed;
          }
        }
      }
      const overhead = total.map((t, k) => t - bmc[k]).sort((a, b) => a - b);
      bmc.sort((a, b) => a - b);
      rows.push({
        engine, scenario: `power off/on with settle ${getEnv().bmc.settleMs} ms, BMC delay 1-3 s (Redfish, one command at a time)`, n: overhead.length,
        result: `BMC p50 ${ms(percentile(bmc, 50))} (p95 ${ms(percentile(bmc, 95))}), overhead p50 ${ms(percentile(overhead, 50))} (p95 ${ms(percentile(overhead, 95))})`,
        target: `overhead p50 < 100 ms: ${percentile(overhead, 50) < 100 ? "met" : "MISSED"}`,
      });
    } finally {
      unlisten();
      await stopQueue();
      await lab.stop();
    }
  } finally {
    await cleanup();
  }
}

async function main() {
  const only_ = process.env.BENCH_ENGINES?.split(",").map((e) => e.trim());
  const engines = (getEnv().testDatabaseUrl ? ["pglite", "postgres"] as Engine[] : ["pglite"] as Engine[]).filter((e) => !only_ || only_.includes(e));
  const ipmi = missingIpmiTools();
  // `npm run bench:bmc -- ipmi overhead` runs only those parts (redfish, ipmi, overhead, settle, slow, throughput).
  const only = new Set(process.argv.slice(2));
  const wanted = (part: string) => only.size === 0 || only.has(part);
  for (const engine of engines) {
    if (wanted("redfish")) await pollScenario(engine, "redfish");
    if (wanted("ipmi") && !ipmi) await pollScenario(engine, "ipmi");
    if (wanted("overhead")) await overheadScenario(engine);
    if (wanted("settle")) await settleOverheadScenario(engine);
    if (wanted("slow")) await pollScenario(engine, "redfish", { responseDelay: { minMs: 50, maxMs: 300 } });
    // Commands/s across 200 BMCs, and the 300-machine free of the target (or BENCH_BMC_FREE alone).
    if (wanted("throughput")) for (const n of process.env.BENCH_BMC_FREE ? [Number(process.env.BENCH_BMC_FREE)] : [200, 300]) await throughputScenario(engine, n);
  }
  console.log(`\nOut-of-band management with lab BMCs (${os.cpus().length} cores):`);
  console.table(rows);
  if (ipmi) console.log(`IPMI skipped: ${ipmi}`);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run bench:fabric`: the switch fabric's hot paths (issue 12).
 *   1. Render + validate a leaf's frr.conf: a 48-port leaf (46 tenant VRFs, one per machine
 *      port) and the 500-VRF worst case (target: render < 1 s; validate reported).
 *   2. Desired state of one switch at 2,000 machines / 500 private networks (target p50 < 20 ms).
 *   3. Install report → the leaf's running config has the port in the tenant VRF, through the
 *      real switch agent, long poll and FRR in a network namespace (target p50 ≤ 1 s; needs root + FRR).
 *   4. live (bench/fabric-live.ts): the live lab fabric with real packets — Phoned Home → routes,
 *      allocation → first ping, free → withdrawn, idle CPU (FABRIC_BENCH_ROUNDS, default 10; needs root + FRR).
 * PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. Arguments pick parts: render, desired, apply, live.
 */
import { sql } from "drizzle-orm";
import { validateFrrConfig } from "@/agents/switch/frr-validate";
import { frrOrSkip } from "@/agents/switch/frr-available";
import { runSwitchAgent } from "@/agents/switch/agent";
import { switchAgentConfigSchema } from "@/agents/switch/config";
import { silentLogger } from "@/agents/machine/log";
import { appRouteTable } from "@/lab/app-routes";
import { createFabricWorld } from "@/lab/fabric/fabric-world";
import { startNamespacedLeaf } from "@/lab/fabric/namespaced-frr";
import { serveRoutes } from "@/lab/route-server";
import { registerSwitchInput } from "@/lib/contracts/switches";
import { getDb } from "@/lib/db/client";
import { desiredSwitchState, renderLeafFrr } from "@/lib/domain/fabric";
import { busyLeaf } from "@/lib/domain/fabric/fabric.fixtures";
import { getEnv } from "@/lib/env";
import { createNetwork } from "@/lib/services/networks/networks";
import { computeDesired } from "@/lib/services/switches/desired";
import { registerSwitch } from "@/lib/services/switches/register";
import { leafRegistration } from "@/lib/services/switches/test-support";
import { freshDatabase, type Engine } from "@/lib/test/databases";
import { percentile, sample } from "./stats";

type Row = { measurement: string; n: number; p50: string; p90: string; target: string; note: string };
const rows: Row[] = [];
const ms = (v: number) => `${v.toFixed(1)} ms`;
const add = (measurement: string, t: number[], target: string, note = "") => {
  const row = { measurement, n: t.length, p50: ms(percentile(t, 50)), p90: ms(percentile(t, 90)), target, note };
  rows.push(row);
  console.log(`${row.measurement}: p50 ${row.p50}, p90 ${row.p90} (n=${row.n}) ${row.note}`);
};

async function renderAndValidate() {
  for (const [label, facts] of [["48-port leaf, 46 tenant VRFs", busyLeaf(46, 48)], ["500 tenant VRFs (502 ports)", busyLeaf(500, 502)]] as const) {
    let conf = "";
    const render = await sample(20, async () => {
      conf = renderLeafFrr(desiredSwitchState(facts).state);
    }, 3);
    add(`render: ${label}`, render, "< 1 s", `${conf.split("\n").length} lines`);
    if (frrOrSkip("bench: FRR validation") === null) {
      // bgpd -C grows faster than linearly with the VRFs (≈ 2 s at 46, 15 s at 200 here): few samples.
      const validate = await sample(facts.machines.length > 100 ? 1 : 3, async () => {
        const v = await validateFrrConfig(conf);
        if (!v.ok) throw new Error(`invalid: ${v.errors.join("; ")}`);
      });
      add(`validate (vtysh -C, bgpd -C, zebra -C in parallel): ${label}`, validate, "reported", "the three daemons' checks run at once");
    }
  }
}

/** 2,000 machines on 44 leaf pairs' ports, 500 private networks, every machine allocated and installed. */
async function desiredAtScale(engine: Engine) {
  const { cleanup } = await freshDatabase(engine);
  try {
    const world = await createFabricWorld("bench");
    const nets = [world.network.id];
    for (let i = 1; i < 500; i++) nets.push((await createNetwork(world.owner, { kind: "private", projectId: world.projectId, partitionId: "bench", name: `n${i}`, description: "", labels: {} })).id);
    const db = await getDb();
    const leaves = 44;
    const boot = { partitionId: "bench", bootCredentialId: "bench" };
    for (let r = 1; r <= leaves; r++) {
      for (const n of [1, 2]) await registerSwitch(boot, registerSwitchInput.parse(leafRegistration(`r${String(r).padStart(2, "0")}leaf0${n}`, `r${String(r).padStart(2, "0")}`, {}, 46)));
    }
    await db.execute(sql`insert into machines (id, partition_id, rack, project_id)
      select 'bench-m-' || g, 'bench', 'r' || lpad(((g % ${leaves}) + 1)::text, 2, '0'), ${world.projectId} from generate_series(0, 1999) g`);
    await db.execute(sql`insert into machine_connections (machine_id, nic_name, nic_mac, switch_id, port)
      select 'bench-m-' || g, 'lan' || n, '52:54:00:00:00:00', 'r' || lpad(((g % ${leaves}) + 1)::text, 2, '0') || 'leaf0' || (n + 1), 'Ethernet' || ((g / ${leaves}) + 1)
      from generate_series(0, 1999) g, generate_series(0, 1) n`);
    await db.execute(sql`insert into machine_allocations (machine_id, project_id, hostname, image_id, filesystem_layout_id, asn, succeeded, networks)
      select 'bench-m-' || g, ${world.projectId}, 'm' || g, 'fabric-img', 'fabric-layout', 4210000000 + g, true,
        jsonb_build_array(jsonb_build_object('networkId', (${sql.raw(`ARRAY[${nets.map((n) => `'${n}'`).join(",")}]`)})[(g % 500) + 1], 'ipIds', '[]'::jsonb, 'addresses', '[]'::jsonb, 'vrf', null, 'primary', true))
      from generate_series(0, 1999) g`);
    await db.execute(sql`analyze`);
    const first = await computeDesired("r01leaf01");
    const t = await sample(50, () => computeDesired("r01leaf01"), 5);
    add(`desired state of one leaf, 2,000 machines / 500 networks (${engine})`, t, "p50 < 20 ms", `${first.state.ports.length} ports, ${first.state.vrfs.length} VRFs`);
  } finally {
    await cleanup();
  }
}

/** The real path: install report → NOTIFY → the agent's long poll → render → validate → frr-reload → running config. */
async function installToRunningConfig() {
  if (frrOrSkip("bench: install report → running config", { root: true }) !== null) return;
  const { cleanup } = await freshDatabase("pglite");
  const server = await serveRoutes(await appRouteTable());
  const leaf = await startNamespacedLeaf({ name: `sw-bench-${process.pid}`, hostname: "r01leaf01", ports: [1, 2, 3, 4, 5].map((i) => ({ name: `swp${i}` })) });
  const controller = new AbortController();
  try {
    const world = await createFabricWorld();
    const ids = [1, 2, 3, 4, 5].map((i) => `00000000-0000-0000-0000-0000000b00${String(i).padStart(2, "0")}`);
    for (const [i, id] of ids.entries()) await world.registerCabled(id, `swp${i + 1}`, ["r01leaf01", "r01leaf02"]);
    const cfg = switchAgentConfigSchema.parse({ apiUrl: server.url, bootCredential: world.bootSecret, id: "r01leaf01", rack: "r01", asn: 4200000011, routerId: "10.1.0.11",
      netns: leaf.netns, frrDir: leaf.dir, vtySocket: leaf.dir, intervalSeconds: 10, fastConvergence: true });
    const applies: { validateMs: number; reloadMs: number; how: "delta" | "reload" | "restart" }[] = [];
    const agent = runSwitchAgent(cfg, { dir: leaf.dir, vtySocket: leaf.dir }, { signal: controller.signal, log: silentLogger, onCycle: (c) => c.timings && applies.push(c.timings) });
    const until = async (pred: (conf: string) => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!pred(await leaf.runningConfig())) {
        if (Date.now() > deadline) throw new Error("timed out");
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await until((c) => c.includes("router bgp 4200000011"));
    const t: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [i, id] of ids.entries()) {
        const gen = await world.allocate(id);
        const s = performance.now();
        await world.reportInstalled(id, gen);
        await until((c) => c.includes(`neighbor swp${i + 1} interface peer-group MACHINE`));
        t.push(performance.now() - s);
        await world.free(id);
        await until((c) => !c.includes(`neighbor swp${i + 1} interface peer-group MACHINE`));
      }
    }
    add("install report → port in the tenant VRF in FRR's running config", t.sort((a, b) => a - b), "p50 ≤ 1 s", "agent long poll, vtysh delta (frr-reload.py for the rest), netns FRR");
    const delta = applies.filter((a) => a.how === "delta");
    const reloads = applies.filter((a) => a.how === "reload");
    add("  of which: vtysh delta + running-config check", delta.map((a) => a.reloadMs).sort((a, b) => a - b), "", `${delta.length} of ${applies.length} applies`);
    if (reloads.length) {
      add("  of which: validate before frr-reload.py", reloads.map((a) => a.validateMs).sort((a, b) => a - b), "", `${reloads.length} of ${applies.length} applies`);
      add("  of which: frr-reload.py --reload", reloads.map((a) => a.reloadMs).sort((a, b) => a - b), "", `${reloads.length} of ${applies.length} applies`);
    }
    controller.abort();
    await agent.catch(() => {});
  } finally {
    controller.abort();
    await leaf.stop();
    await server.close();
    await cleanup();
  }
}

/** `npm run bench:fabric [render] [desired] [apply]`: the parts to run (default: all). */
async function main() {
  const parts = process.argv.slice(2);
  const want = (p: string) => parts.length === 0 || parts.includes(p);
  if (want("render")) await renderAndValidate();
  const engines: Engine[] = getEnv().testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];
  if (want("desired")) for (const e of engines) await desiredAtScale(e);
  if (want("apply")) await installToRunningConfig();
  if (want("live")) {
    if (frrOrSkip("bench: live fabric", { root: true }) === null) {
      const { liveFabricBench } = await import("./fabric-live");
      const { offsets, TIMELINE_STEPS } = await import("./fabric-timeline");
      const rounds = Number(process.env.FABRIC_BENCH_ROUNDS ?? 10);
      const r = await liveFabricBench(rounds);
      const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
      add("live: Phoned Home → /32 in both leaves' VRF tables (per machine)", sorted(r.phonedHomeToRoutes), "p50 ≤ 2 s", `p95 ${ms(percentile(sorted(r.phonedHomeToRoutes), 95))}`);
      add("live: the same, first machine of a tenant VRF on its leaves (lab FRR restart)", sorted(r.newVrf), "reported", "lab-only: FRR 8.4 netns backend");
      add("live: allocation call → first ping between the two machines", sorted(r.allocationToPing), "reported", "includes install + phone home");
      add("live: free call → /32 withdrawn from both leaves", sorted(r.freeToWithdrawn), "reported");
      add("live: free of a VRF's last machine on its leaves → /32 withdrawn", sorted(r.lastFreeToWithdrawn), "reported", "4 machines freed at once");
      add("live: the same → VRF namespace removed (lab FRR restart)", sorted(r.lastFreeToVrfRemoved), "reported", "lab-only: FRR 8.4 netns backend");
      // Where the time goes: each step of an allocation, ms after its install report's commit.
      const steps = r.timelines.map(offsets);
      for (const step of TIMELINE_STEPS) {
        const v = sorted(steps.map((o) => o[step]).filter((x): x is number => x !== undefined));
        if (v.length) add(`live timeline: install report → ${step}`, v, "reported", `${v.length} of ${steps.length} allocations`);
      }
      rows.push({ measurement: "live: idle CPU (% of one core, 20 s)", n: 1, p50: `FRR ${r.idle.frrPercent.toFixed(1)} %`, p90: `process ${r.idle.processPercent.toFixed(1)} %`, target: "reported", note: `${r.idle.namespaces} namespaces, ${r.idle.daemons} FRR daemons; process = control plane + agents` });
    }
  }
  console.log("\nSwitch fabric (npm run bench:fabric):");
  console.table(rows);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});

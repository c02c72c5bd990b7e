import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { run } from "@/agents/switch/frr-validate";
import { appRouteTable } from "@/lab/app-routes";
import { startLabFabric, vrfRoutes } from "@/lab/fabric/topology";
import { labImage } from "@/lab/image";
import { labMachineSpecs } from "@/lab/machines";
import { serveRoutes } from "@/lab/route-server";
import { startLab } from "@/lab/runner";
import { images, machineAllocations, machines, networks, projects } from "@/lib/db/schema";
import { resetEnv } from "@/lib/env";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { updateImage } from "@/lib/services/catalog/images";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { freeMachine } from "@/lib/services/machines/allocation-release";
import { createBootCredential } from "@/lib/services/machines/boot-credentials";
import { createNetwork } from "@/lib/services/networks/networks";
import { seedDemo } from "@/lib/services/seed";
import { freshDatabase } from "@/lib/test/databases";
import { type AllocationMarks, cycleAfter, establishedAt, formatTimeline } from "./fabric-timeline";
import { makeUser, operator } from "@/lib/test/fixtures";

/**
 * `npm run bench:fabric -- live`: the live lab fabric (2 racks × 2 leaves + 2 spines of real FRR,
 * real switch and machine agents, PGlite). Per round, two machines of one tenant network (one per
 * rack) are allocated, install, phone home and are freed again:
 *   - Phoned Home → the machine's /32 in both leaves' VRF tables (kernel) of its rack;
 *   - allocation call → first answered ping between the two;
 *   - free call → the /32 gone from both leaves.
 * Then the idle CPU of the fabric's FRR daemons (and of this process: control plane + agents).
 * Times are observed by polling every 20 ms (resolution ≈ 20 ms). Needs root and FRR.
 */
export async function liveFabricBench(rounds: number): Promise<{ phonedHomeToRoutes: number[]; allocationToPing: number[]; freeToWithdrawn: number[]; newVrf: number[]; lastFreeToWithdrawn: number[]; lastFreeToVrfRemoved: number[]; timelines: AllocationMarks[]; idle: { frrPercent: number; processPercent: number; daemons: number; namespaces: number } }> {
  const { database, cleanup } = await freshDatabase("pglite");
  const server = await serveRoutes(await appRouteTable());
  resetEnv({ APP_URL: server.url, BOOT_URL: server.url });
  await seedDemo();
  for (const img of await database.db.select({ id: images.id }).from(images)) await updateImage(operator, img.id, { sha256: labImage(img.id).sha256 });
  const credential = await createBootCredential(operator, "lab", { description: "bench" });
  const olivia = await makeUser("olivia@acme.example", ["acme-owners"]);
  const [{ id: projectId }] = await database.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "web"));
  await createNetwork(olivia, { kind: "private", projectId, partitionId: "lab", name: "web", labels: {}, description: "" });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "fabric-bench-"));
  await chmod(dataDir, 0o755);
  // 0: r01, 1: r02 (measured); 2: r01, 3: r02 (anchors, allocated once: they keep the tenant VRF on
  // every leaf, so rounds measure the steady state; the first machine of a VRF on a leaf costs the
  // lab's FRR restart, measured once as "new VRF").
  const all = labMachineSpecs({ dataDir, count: 4 });
  const specs = all.slice(0, 2);
  const fabric = await startLabFabric({ prefix: process.env.LAB_FABRIC_PREFIX || "fx-b-", stateDir: path.join(dataDir, "fabric"), racks: ["r01", "r02"], machines: all.map((s) => ({ id: s.uuid, rack: s.rack, port: `Ethernet${s.slot + 1}` })),
    agents: { apiUrl: server.url, bootCredential: credential.secret, intervalSeconds: 5, log: (leaf) => (level, message) => {
      if (level === "warn" || level === "error") console.error(`${new Date().toISOString()} switch agent ${leaf} ${level}: ${message}`);
    } } });
  await getQueue(database, { workers: true });
  // The machine agents' log: when each installed OS, and its FRR, started (the allocation timeline).
  const osStarted = new Map<string, number>();
  const frrStarted = new Map<string, number>();
  const lab = await startLab({ apiUrl: server.url, partitionId: "lab", bootCredential: credential.secret, dataDir, machines: 4, bmc: { protocol: "redfish" },
    phoneHomeIntervalSeconds: 60, heartbeatIntervalSeconds: 30, crashDelaySeconds: 0.5, netns: (spec) => fabric.machineNetns(spec.uuid),
    log: (spec) => (_level, message) => {
      if (message.startsWith("installed OS running")) osStarted.set(spec.uuid, Date.now());
      if (message.startsWith("host network: FRR started")) frrStarted.set(spec.uuid, Date.now());
    } });
  const poll = async (what: string, probe: () => Promise<boolean>, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now();
  };
  const state = async (id: string) => (await database.db.select({ s: machines.provisioningState }).from(machines).where(eq(machines.id, id)))[0]?.s;
  const out = { phonedHomeToRoutes: [] as number[], allocationToPing: [] as number[], freeToWithdrawn: [] as number[], newVrf: [] as number[], lastFreeToWithdrawn: [] as number[], lastFreeToVrfRemoved: [] as number[], timelines: [] as AllocationMarks[] };
  const ids = specs.map((s) => s.uuid);
  const anchors: { id: string; v4: string; vrf: number; leaves: ReturnType<typeof fabric.leaf>[] }[] = [];
  const leavesOf = (i: number) => [fabric.leaf(`${specs[i].rack}leaf01`), fabric.leaf(`${specs[i].rack}leaf02`)];
  try {
    for (const [i, m] of all.slice(2).entries()) {
      await poll(`${m.uuid} waiting`, async () => (await state(m.uuid)) === "Waiting");
      await allocateMachine(olivia, { projectId, partitionId: "lab", machineId: m.uuid, image: "ubuntu-24.04", hostname: `anchor-${i}`, name: "", description: "", externalNetworkIds: [], sshPublicKeys: [], userdata: "", tags: [] });
    }
    for (const [i, m] of all.slice(2).entries()) {
      const tHome = await poll(`${m.uuid} phoned home`, async () => (await state(m.uuid)) === "Phoned Home");
      const [a] = await database.db.select({ networks: machineAllocations.networks }).from(machineAllocations).where(eq(machineAllocations.machineId, m.uuid));
      const [n] = await database.db.select({ vrf: networks.vrf }).from(networks).where(eq(networks.id, a.networks[0].networkId));
      const v4 = a.networks[0].addresses.find((x) => !x.includes(":"))!;
      const leaves = [fabric.leaf(`${all[2 + i].rack}leaf01`), fabric.leaf(`${all[2 + i].rack}leaf02`)];
      const t = await poll("the anchor's /32", async () => (await Promise.all(leaves.map(async (l) => (await vrfRoutes(l, n.vrf!)).some((r) => r.dst === v4)))).every(Boolean));
      out.newVrf.push(t - tHome);
      anchors.push({ id: m.uuid, v4, vrf: n.vrf!, leaves });
    }
    for (let round = 0; round < rounds; round++) {
      for (const id of ids) await poll(`${id} waiting`, async () => (await state(id)) === "Waiting");
      const tAlloc = Date.now();
      for (const [i, id] of ids.entries()) await allocateMachine(olivia, { projectId, partitionId: "lab", machineId: id, image: "ubuntu-24.04", hostname: `b-${round}-${i}`, name: "", description: "", externalNetworkIds: [], sshPublicKeys: [], userdata: "", tags: [] });
      const addr: { v4: string; vrf: number }[] = [];
      for (const id of ids) {
        const [a] = await database.db.select({ networks: machineAllocations.networks }).from(machineAllocations).where(eq(machineAllocations.machineId, id));
        const [n] = await database.db.select({ vrf: networks.vrf }).from(networks).where(eq(networks.id, a.networks[0].networkId));
        addr.push({ v4: a.networks[0].addresses.find((x) => !x.includes(":"))!, vrf: n.vrf! });
      }
      const inBoth = async (i: number, present: boolean) => {
        for (const leaf of leavesOf(i)) if ((await vrfRoutes(leaf, addr[i].vrf)).some((r) => r.dst === addr[i].v4) !== present) return false;
        return true;
      };
      const pingDone = poll("the first ping", async () => (await run("ip", ["netns", "exec", fabric.machineNetns(ids[0])!, "ping", "-n", "-q", "-c", "1", "-W", "1", "-I", addr[0].v4, addr[1].v4])).code === 0);
      pingDone.catch(() => {}); // awaited below; a failure must not crash the process before the cleanup
      await Promise.all(ids.map(async (id, i) => {
        const tHome = await poll(`${id} phoned home`, async () => (await state(id)) === "Phoned Home");
        const tRoutes = await poll(`${id}'s /32 in both leaves`, () => inBoth(i, true)).catch(async (err: Error) => {
          // What the leaves hold when a route never came: for the report, before the cleanup.
          for (const leaf of leavesOf(i)) console.error(`${leaf.id}:\n${(await run("vtysh", ["--vty_socket", leaf.frr.dir, "-c", "show vrf", "-c", `show bgp vrf vrf${addr[i].vrf} summary`, "-c", `show interface vrf vrf${addr[i].vrf} brief`])).stdout}`);
          throw err;
        });
        out.phonedHomeToRoutes.push(Math.max(0, tRoutes - tHome));
        const [alloc] = await database.db.select({ updatedAt: machineAllocations.updatedAt }).from(machineAllocations).where(eq(machineAllocations.machineId, id));
        const installReport = alloc.updatedAt.getTime();
        const port = `Ethernet${specs[i].slot + 1}`;
        const marks: AllocationMarks = {
          installReport, phonedHome: tHome, routes: tRoutes,
          osStarted: (osStarted.get(id) ?? 0) >= tAlloc ? osStarted.get(id) : undefined,
          machineFrrStarted: (frrStarted.get(id) ?? 0) >= tAlloc ? frrStarted.get(id) : undefined,
          leaves: await Promise.all(leavesOf(i).map(async (leaf) => ({ leaf: leaf.id, cycle: cycleAfter(leaf, installReport), established: await establishedAt(leaf, `vrf${addr[i].vrf}`, port) }))),
        };
        out.timelines.push(marks);
        console.log(`  ${id.slice(0, 8)}: ${formatTimeline(marks)}`);
      }));
      out.allocationToPing.push((await pingDone) - tAlloc);
      const tFree = Date.now();
      for (const id of ids) await freeMachine(olivia, id);
      await Promise.all(ids.map(async (_, i) => out.freeToWithdrawn.push((await poll("withdrawn", () => inBoth(i, false))) - tFree)));
      console.log(`round ${round + 1}/${rounds}: phoned home → routes ${out.phonedHomeToRoutes.slice(-2).map((v) => v.toFixed(0)).join(", ")} ms; allocation → ping ${out.allocationToPing.at(-1)!.toFixed(0)} ms; free → withdrawn ${out.freeToWithdrawn.slice(-2).map((v) => v.toFixed(0)).join(", ")} ms`);
    }
    // Idle: both machines allocated and phoned home again (their FRR running), nothing changing.
    for (const id of ids) await poll(`${id} waiting`, async () => (await state(id)) === "Waiting");
    for (const [i, id] of ids.entries()) await allocateMachine(olivia, { projectId, partitionId: "lab", machineId: id, image: "ubuntu-24.04", hostname: `idle-${i}`, name: "", description: "", externalNetworkIds: [], sshPublicKeys: [], userdata: "", tags: [] });
    for (const id of ids) await poll(`${id} phoned home`, async () => (await state(id)) === "Phoned Home");
    await new Promise((r) => setTimeout(r, 15_000));
    const census = await fabric.census();
    const idle = await idleCpu(fabric.prefix, 20_000);
    // Last: every machine freed, so each leaf loses the tenant VRF — the lab removes a VRF by
    // restarting the leaf's FRR with the ports moved back while it is down (agents/switch/agent.ts).
    const tFree = Date.now();
    for (const id of [...ids, ...anchors.map((a) => a.id)]) await freeMachine(olivia, id);
    const vrfGone = async (a: (typeof anchors)[number]) => {
      for (const leaf of a.leaves) if ((await run("ip", ["netns", "list"])).stdout.split("\n").some((l) => l.split(" ")[0] === leaf.vrfNetns(a.vrf))) return false;
      return true;
    };
    await Promise.all(anchors.map(async (a) => {
      out.lastFreeToWithdrawn.push((await poll("the anchor's /32 withdrawn", async () => (await Promise.all(a.leaves.map(async (l) => !(await vrfRoutes(l, a.vrf)).some((r) => r.dst === a.v4)))).every(Boolean))) - tFree);
      out.lastFreeToVrfRemoved.push((await poll("the VRF removed from the anchor's leaves", () => vrfGone(a))) - tFree);
    }));
    return { ...out, idle: { ...idle, ...census } };
  } finally {
    await stopQueue();
    await lab.stop();
    await fabric.stop();
    await server.close();
    resetEnv();
    await cleanup();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const ticks = async (pid: number | "self") => {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11] ?? 0) + Number(f[12] ?? 0); // utime + stime (clock ticks, 100/s)
};

/** CPU % of one core over `ms`: the FRR daemons in the fabric's namespaces, and this process. */
async function idleCpu(prefix: string, ms: number): Promise<{ frrPercent: number; processPercent: number }> {
  const nsList = (await run("ip", ["netns", "list"])).stdout.split("\n").map((l) => l.split(" ")[0]).filter((n) => n.startsWith(prefix));
  const pids = (await Promise.all(nsList.map(async (n) => (await run("ip", ["netns", "pids", n])).stdout.split(/\s+/).filter(Boolean).map(Number)))).flat();
  const sum = async () => (await Promise.all(pids.map(ticks))).reduce((a, b) => a + b, 0);
  const [f0, p0] = [await sum(), await ticks("self")];
  await new Promise((r) => setTimeout(r, ms));
  const [f1, p1] = [await sum(), await ticks("self")];
  const pct = (d: number) => (d / 100 / (ms / 1000)) * 100;
  return { frrPercent: pct(f1 - f0), processPercent: pct(p1 - p0) };
}

import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frrOrSkip } from "@/agents/switch/frr-available";
import { run } from "@/agents/switch/frr-validate";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { images, machineAllocations, machines, networks, projects, switchPorts } from "@/lib/db/schema";
import { resetEnv } from "@/lib/env";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { updateImage } from "@/lib/services/catalog/images";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { freeMachine } from "@/lib/services/machines/allocation-release";
import { createBootCredential } from "@/lib/services/machines/boot-credentials";
import { createNetwork } from "@/lib/services/networks/networks";
import { seedDemo } from "@/lib/services/seed";
import { getSwitch, setPortAdminState } from "@/lib/services/switches/switches";
import { getMachineUplinks } from "@/lib/services/switches/uplinks";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeUser, operator } from "@/lib/test/fixtures";
import { eventually } from "@/lib/test/processes";
import { appRouteTable } from "../app-routes";
import { labImage } from "../image";
import { labMachineSpecs } from "../machines";
import { serveRoutes } from "../route-server";
import { type Lab, startLab } from "../runner";
import { type LabFabric, startLabFabric, vrfRoutes } from "./topology";

/**
 * The live lab fabric with real packets (issue 13): 2 racks × 2 leaves + 2 spines of real FRR in
 * network namespaces, driven by the real switch agents over HTTP; 3 lab machines running the
 * real machine agent, whose installed OS runs its own FRR (BGP unnumbered to both leaves).
 * Tenant acme has a machine in each rack, tenant globex one in rack r01. One topology per
 * database engine (CPU: this is a 2-core CI machine). Deadlines are generous and nothing is
 * timed here — `npm run bench:fabric -- live` measures.
 * Needs root, FRR, frr-pythontools and ping (CI installs them); skipped locally with the reason.
 */
const missing = frrOrSkip("live fabric integration test", { root: true });
/** Overridable so two live fabrics on one host never share namespace names (parallel sessions). */
const PREFIX = process.env.LAB_FABRIC_TEST_PREFIX || "fx-it-";

/** Polls with a deadline until `probe` gives a truthy value (lib/test/processes.ts `eventually`). */
function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  return eventually(what, async () => (await probe()) || undefined, timeoutMs);
}

/** Polls each step until it holds (60 s deadline) and notes how long it took since the last one. */
function timedSteps() {
  const steps: string[] = [];
  let t = Date.now();
  return {
    step: async (what: string, probe: () => Promise<unknown>) => {
      await until(what, probe);
      steps.push(`${what} ${((Date.now() - t) / 1000).toFixed(1)} s`);
      t = Date.now();
    },
    report: () => steps.join("; "),
  };
}

/** One ICMP echo from `netns`, from the machine's own address; true when answered. */
async function ping(netns: string, from: string, to: string): Promise<boolean> {
  const r = await run("ip", ["netns", "exec", netns, "ping", "-n", "-q", "-c", "1", "-W", "1", "-I", from, to], { timeoutMs: 5000 });
  return r.code === 0;
}

describe.skipIf(missing !== null).each(testEngines())("live lab fabric on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let lab: Lab;
  let fabric: LabFabric;
  let dataDir: string;
  let olivia: Actor;
  let gina: Actor;
  const specs = () => labMachineSpecs({ dataDir, count: 3 });
  // index 0: r01 Ethernet1, index 1: r02 Ethernet1, index 2: r01 Ethernet2 (labMachineSpecs round-robin)
  let a1: string, a2: string, b1: string;
  const addr = new Map<string, { v4: string; v6: string | null; vrf: number }>();
  const ns = (id: string) => fabric.machineNetns(id)!;
  const portOf = async (switchId: string, port: string) => (await database.db.select().from(switchPorts).where(and(eq(switchPorts.switchId, switchId), eq(switchPorts.name, port))))[0];
  const state = async (id: string) => (await database.db.select({ s: machines.provisioningState }).from(machines).where(eq(machines.id, id)))[0]?.s;
  const hasRoute = async (leaf: string, vni: number, address: string) => {
    const family = address.includes(":") ? 6 : 4;
    return (await vrfRoutes(fabric.leaf(leaf), vni, family)).some((r) => r.dst === address || r.dst === `${address}/${family === 4 ? 32 : 128}`);
  };

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    server = await serveRoutes(await appRouteTable());
    resetEnv({ APP_URL: server.url, BOOT_URL: server.url });
    await seedDemo();
    for (const img of await database.db.select({ id: images.id }).from(images)) await updateImage(operator, img.id, { sha256: labImage(img.id).sha256 });
    const credential = await createBootCredential(operator, "lab", { description: "fabric integration test" });
    olivia = await makeUser("olivia@acme.example", ["acme-owners"]);
    gina = await makeUser("gina@globex.example", ["globex-owners"]);
    const projectOf = async (name: string) => (await database.db.select({ id: projects.id }).from(projects).where(eq(projects.name, name)))[0].id;
    await createNetwork(olivia, { kind: "private", projectId: await projectOf("web"), partitionId: "lab", name: "web", labels: {}, description: "" });
    await createNetwork(gina, { kind: "private", projectId: await projectOf("analytics"), partitionId: "lab", name: "analytics", labels: {}, description: "" });
    dataDir = await mkdtemp(path.join(os.tmpdir(), "fabric-it-"));
    await chmod(dataDir, 0o755); // FRR's daemons run as user frr and must reach their directories
    [a1, a2, b1] = specs().map((s) => s.uuid);
    fabric = await startLabFabric({
      prefix: PREFIX, stateDir: path.join(dataDir, "fabric"), racks: ["r01", "r02"],
      machines: specs().map((s) => ({ id: s.uuid, rack: s.rack, port: `Ethernet${s.slot + 1}` })),
      agents: { apiUrl: server.url, bootCredential: credential.secret, intervalSeconds: 5, log: (leaf) => (level, message) => {
        if (level === "warn" || level === "error") console.error(`switch agent ${leaf} ${level}: ${message}`);
      } },
    });
    await getQueue(database, { workers: true });
    lab = await startLab({
      apiUrl: server.url, partitionId: "lab", bootCredential: credential.secret, dataDir, machines: 3, bmc: { protocol: "redfish" },
      phoneHomeIntervalSeconds: 2, heartbeatIntervalSeconds: 5, crashDelaySeconds: 0.5, netns: (spec) => fabric.machineNetns(spec.uuid),
      log: () => () => {},
    });
  }, 120_000);

  afterAll(async () => {
    await stopQueue();
    await lab?.stop();
    await fabric?.stop();
    await server?.close();
    resetEnv();
    await cleanup?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 120_000);

  it("every leaf registers, peers with both spines and reports its uplinks established", async () => {
    for (const leaf of fabric.leaves) {
      for (const uplink of ["swp31", "swp32"]) {
        await until(`${leaf.id}'s uplink ${uplink} established`, async () => (await portOf(leaf.id, uplink))?.bgp?.state === "Established");
      }
    }
    const census = await fabric.census();
    expect(census).toEqual({ namespaces: 2 + 4 + 3, daemons: 2 * (2 + 4) });
  }, 120_000);

  it("two machines of one network in different racks ping each other over IPv4 and IPv6; the other tenant's machine reaches neither", async () => {
    for (const id of [a1, a2, b1]) await until(`${id} waiting`, async () => (await state(id)) === "Waiting");
    const alloc = (actor: Actor, project: string, machineId: string, hostname: string) => allocateMachine(actor, {
      projectId: project, partitionId: "lab", machineId, image: "ubuntu-24.04", hostname, name: "", description: "", externalNetworkIds: [], sshPublicKeys: [], userdata: "", tags: [],
    });
    const projectOf = async (name: string) => (await database.db.select({ id: projects.id }).from(projects).where(eq(projects.name, name)))[0].id;
    await alloc(olivia, await projectOf("web"), a1, "web-1");
    await alloc(olivia, await projectOf("web"), a2, "web-2");
    await alloc(gina, await projectOf("analytics"), b1, "db-1");
    for (const id of [a1, a2, b1]) await until(`${id} phoned home`, async () => (await state(id)) === "Phoned Home", 90_000);
    for (const id of [a1, a2, b1]) {
      const [row] = await database.db.select({ networks: machineAllocations.networks }).from(machineAllocations).where(eq(machineAllocations.machineId, id));
      const net = row.networks[0];
      const [n] = await database.db.select({ vrf: networks.vrf }).from(networks).where(eq(networks.id, net.networkId));
      addr.set(id, { v4: net.addresses.find((a) => !a.includes(":"))!, v6: net.addresses.find((a) => a.includes(":")) ?? null, vrf: n.vrf! });
    }
    const [A1, A2, B1] = [a1, a2, b1].map((id) => addr.get(id)!);
    expect(A1.vrf).toBe(A2.vrf);
    expect(B1.vrf).not.toBe(A1.vrf);
    expect(A1.v6 && A2.v6).toBeTruthy(); // the lab's super network is dual-stack

    await until("a1 → a2 over IPv4", () => ping(ns(a1), A1.v4, A2.v4));
    await until("a2 → a1 over IPv4", () => ping(ns(a2), A2.v4, A1.v4));
    await until("a1 → a2 over IPv6", () => ping(ns(a1), A1.v6!, A2.v6!));
    await until("a2 → a1 over IPv6", () => ping(ns(a2), A2.v6!, A1.v6!));
    // Both leaves of each rack carry the machine's /32 in its VRF: two uplinks, two paths.
    for (const leaf of ["r01leaf01", "r01leaf02"]) await until(`${leaf} has a1's /32`, () => hasRoute(leaf, A1.vrf, A1.v4));

    // Isolation: b1's own leaf has b1's route (it converged), and still no path to acme or back.
    await until("b1's /32 on r01leaf01", () => hasRoute("r01leaf01", B1.vrf, B1.v4));
    expect(await hasRoute("r01leaf01", B1.vrf, A1.v4)).toBe(false);
    expect(await hasRoute("r01leaf01", A1.vrf, B1.v4)).toBe(false);
    expect(await ping(ns(b1), B1.v4, A1.v4)).toBe(false);
    expect(await ping(ns(b1), B1.v4, A2.v4)).toBe(false);
    expect(await ping(ns(a1), A1.v4, B1.v4)).toBe(false);
    expect(await ping(ns(a2), A2.v4, B1.v4)).toBe(false);

    // The tenant sees both uplinks established on the machine page's data.
    await until("a1's uplinks established", async () => {
      const u = await getMachineUplinks(olivia, a1);
      return u.uplinks.length === 2 && u.uplinks.every((x) => x.bgp?.state === "Established");
    });
    const sw = await getSwitch(operator, "r01leaf01");
    const port = sw.ports.find((p) => p.machineId === a1)!;
    expect(port).toMatchObject({ name: "Ethernet1", role: "tenant", vni: A1.vrf, bgp: { state: "Established", peerGroup: "MACHINE" } });
  }, 240_000);

  it("an address a machine does not own, announced from its lo, is rejected by the leaf and counted as received, not accepted", async () => {
    const A1 = addr.get(a1)!;
    const B1 = addr.get(b1)!;
    const hijack = B1.v4; // globex's address, announced by acme's machine
    await run("ip", ["-n", ns(a1), "addr", "add", `${hijack}/32`, "dev", "lo"]);
    try {
      const port = await until("the hijack counted as received-not-accepted", async () => {
        const p = await portOf("r01leaf01", "Ethernet1");
        return p?.bgp && p.bgp.prefixesReceived > p.bgp.prefixesAccepted ? p : null;
      });
      expect(port.bgp!.prefixesAccepted).toBeGreaterThanOrEqual(1);
      expect(await hasRoute("r01leaf01", A1.vrf, hijack)).toBe(false);
      expect(await hasRoute("r01leaf02", A1.vrf, hijack)).toBe(false);
      expect(await hasRoute("r02leaf01", A1.vrf, hijack)).toBe(false);
      // globex's own route stays where it belongs.
      expect(await hasRoute("r01leaf01", B1.vrf, hijack)).toBe(true);
    } finally {
      await run("ip", ["-n", ns(a1), "addr", "del", `${hijack}/32`, "dev", "lo"]);
    }
    await until("the hijack gone from the report", async () => {
      const p = await portOf("r01leaf01", "Ethernet1");
      return p?.bgp && p.bgp.prefixesReceived === p.bgp.prefixesAccepted;
    });
  }, 120_000);

  it("one leaf's port down via the API: the session is reported down on the switch and the machine's uplinks, then established again", async () => {
    await setPortAdminState(operator, "r01leaf01", "Ethernet1", "down");
    try {
      await until("the session on r01leaf01 Ethernet1 reported down", async () => {
        const p = await portOf("r01leaf01", "Ethernet1");
        return p?.operState === "down" && p.bgp?.state !== "Established";
      });
      await until("a1's uplinks: r01leaf01 down, r01leaf02 established", async () => {
        const u = await getMachineUplinks(olivia, a1);
        const state = u.uplinks.map((x) => [x.switchId, x.bgp?.state === "Established"]).sort();
        return JSON.stringify(state) === JSON.stringify([["r01leaf01", false], ["r01leaf02", true]]);
      });
    } finally {
      await setPortAdminState(operator, "r01leaf01", "Ethernet1", "up");
    }
    await until("established again", async () => (await portOf("r01leaf01", "Ethernet1"))?.bgp?.state === "Established");
  }, 120_000);

  // Packets during failover: FRR 8.4's netns VRF backend loses remote router-MAC entries when a
  // remote leaf's routes change (docs/fabric.md "FRR 8.4 quirks"); the agent puts them back from
  // zebra's or bgpd's EVPN state. Each run prints its step times (slowest seen: 9.9 s of 60 s).
  // LAB_FABRIC_FAILOVER=0 skips it (a host where only the rest of the fabric test should run).
  const failover = process.env.LAB_FABRIC_FAILOVER !== "0";
  it.skipIf(!failover)("failover with packets: one leaf's port down keeps the machine reachable through the other", async () => {
    const [A1, A2] = [addr.get(a1)!, addr.get(a2)!];
    // Each step's duration is printed: the margin to the deadline decides whether this runs by default.
    const { step, report } = timedSteps();
    await setPortAdminState(operator, "r01leaf01", "Ethernet1", "down");
    try {
      await step("the session on r01leaf01 Ethernet1 reported down", async () => (await portOf("r01leaf01", "Ethernet1"))?.bgp?.state !== "Established");
      await step("a2 → a1 through r01leaf02", () => ping(ns(a2), A2.v4, A1.v4));
      await step("a1 → a2 through r01leaf02", () => ping(ns(a1), A1.v4, A2.v4));
    } finally {
      await setPortAdminState(operator, "r01leaf01", "Ethernet1", "up");
    }
    await step("established again", async () => (await portOf("r01leaf01", "Ethernet1"))?.bgp?.state === "Established");
    await step("a2 → a1 with both uplinks", () => ping(ns(a2), A2.v4, A1.v4));
    console.log(`failover on ${engine} (deadline 60 s per step): ${report()}`);
  }, 180_000);

  it("a spine's FRR down: the leaves report that uplink down and the tenant's machines keep talking through the other spine", async () => {
    const [A1, A2] = [addr.get(a1)!, addr.get(a2)!];
    const spine = fabric.spines[0];
    const { step, report } = timedSteps();
    await spine.frr.stopAll();
    try {
      for (const leaf of ["r01leaf01", "r02leaf01"]) {
        await step(`${leaf}'s uplink to ${spine.id} reported down`, async () => {
          const p = await portOf(leaf, "swp31");
          return p?.bgp !== undefined && p.bgp !== null && p.bgp.state !== "Established";
        });
      }
      // Cross-rack, so through a spine: the remaining one.
      await step("a1 → a2 through spine02", () => ping(ns(a1), A1.v4, A2.v4));
      await step("a2 → a1 through spine02", () => ping(ns(a2), A2.v4, A1.v4));
      // Eventually: the lab's router-MAC repair may restart a leaf's FRR when the paths change.
      await step("r01leaf01's uplink to spine02 established", async () => (await portOf("r01leaf01", "swp32"))?.bgp?.state === "Established");
    } finally {
      await spine.frr.startAll();
    }
    for (const leaf of fabric.leaves) await step(`${leaf.id}'s uplink to ${spine.id} established again`, async () => (await portOf(leaf.id, "swp31"))?.bgp?.state === "Established");
    await step("a1 → a2 with both spines", () => ping(ns(a1), A1.v4, A2.v4));
    console.log(`spine down on ${engine} (deadline 60 s per step): ${report()}`);
  }, 180_000);

  it("a switch agent killed and restarted reconciles without applying anything: sessions stay up", async () => {
    const leaf = fabric.leaf("r01leaf01");
    const before = await until("a1's session on r01leaf01 established", async () => {
      const bgp = (await portOf("r01leaf01", "Ethernet1"))?.bgp;
      return bgp?.state === "Established" ? bgp : null;
    });
    await leaf.stopAgent();
    const seen = leaf.cycles.length;
    leaf.startAgent();
    const [first] = await until("the restarted agent's first cycle", async () => (leaf.cycles.length > seen ? leaf.cycles.slice(seen) : null));
    expect(first).toMatchObject({ changed: false, error: null });
    // The cycle is counted before its report is stored (re-registration cleared the port's last report).
    const after = await until("the restarted agent's report", async () => {
      const bgp = (await portOf("r01leaf01", "Ethernet1"))?.bgp;
      return bgp ? bgp : null;
    });
    expect(after.state).toBe("Established");
    expect(first.changed).toBe(false); // nothing applied: the config hash was unchanged
    // The same session: it was not reset (established-since moves only by FRR's clock granularity).
    expect(Math.abs(Date.parse(after.establishedSince!) - Date.parse(before.establishedSince!))).toBeLessThan(2000);
  }, 120_000);

  it("free withdraws the machine's route from every leaf and returns its ports to unprovisioned", async () => {
    const A2 = addr.get(a2)!;
    await freeMachine(olivia, a2);
    for (const leaf of ["r01leaf01", "r02leaf01", "r02leaf02"]) await until(`a2's /32 withdrawn on ${leaf}`, async () => !(await hasRoute(leaf, A2.vrf, A2.v4)));
    await until("a2's ports unprovisioned", async () => {
      const ports = await Promise.all(["r02leaf01", "r02leaf02"].map(async (s) => (await getSwitch(operator, s)).ports.find((p) => p.name === "Ethernet1")!));
      return ports.every((p) => p.role === "unprovisioned" && p.vrf === null);
    });
    // The port is back in the leaf's own namespace (PXE), out of the VRF.
    await until("Ethernet1 back in r02leaf01's namespace", async () => (await run("ip", ["-n", fabric.leaf("r02leaf01").netns, "link", "show", "Ethernet1"])).code === 0);
    await until("a2 waiting again", async () => (await state(a2)) === "Waiting", 90_000);
    // PXE state: no address of the old install on the machine's lo.
    expect((await run("ip", ["-n", ns(a2), "addr", "show", "dev", "lo"])).stdout).not.toContain(A2.v4);
  }, 180_000);
});

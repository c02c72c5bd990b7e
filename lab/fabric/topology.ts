import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { frrDaemons, type FrrDaemons, frrDir, must, waitFor } from "@/agents/machine/frr-daemons";
import { silentLogger, type Logger } from "@/agents/machine/log";
import { type CycleResult, runSwitchAgent } from "@/agents/switch/agent";
import { switchAgentConfigSchema } from "@/agents/switch/config";
import { run } from "@/agents/switch/frr-validate";
import { leafName } from "../profiles";
import { renderSpineFrr } from "./spine";

/**
 * The live lab fabric (issue 13): a leaf-spine Clos of real FRR routers in network namespaces.
 *
 * - per rack two leaves `<rack>leaf01/02` (namespace `<prefix><leaf>`), each with zebra (FRR's
 *   netns VRF backend) + bgpd and the real switch agent (agents/switch, in-process) that
 *   registers it and applies its desired state; tenant VRFs become namespaces
 *   `<prefix><leaf>-vrf<VNI>` with an L3VNI VXLAN device (agents/switch/netns-vrf.ts);
 * - two spines (one with `spines: 1`) `<prefix>spine0N` with a static config (spine.ts): BGP
 *   unnumbered to every leaf on `swp31`/`swp32` of the leaf, IPv4 underlay (leaf loopbacks =
 *   VTEPs) and EVPN — every leaf has two paths to every other, as in a data centre;
 * - per machine a namespace `<prefix>m-<uuid prefix>` with `lan0`/`lan1`, veth pairs to the same
 *   port `Ethernet<n>` on both leaves of its rack — exactly the LLDP neighbours the lab machine's
 *   hardware profile reports (lab/profiles.ts): LLDP is simulated from this wiring, not spoken.
 *   The machine's own FRR is started by its agent once the installed OS runs (host-network.ts).
 *
 * Everything created carries the prefix, and `cleanStaleLabFabric` removes what a crashed run
 * left (processes in those namespaces, mounts, namespaces) before a new one is built.
 * Needs root, FRR and frr-pythontools.
 */
export type LabFabricMachine = { id: string; rack: string; port: string };

export type LabFabricOptions = {
  /** Every namespace starts with it, e.g. "fx-"; stale ones with it are removed at start. */
  prefix: string;
  /** FRR directories and the switch agents' credentials (kept across runs, like a switch's disk). */
  stateDir: string;
  racks: string[];
  /** Default 2: a leaf's uplinks swp31 and swp32 each go to a spine. */
  spines?: 1 | 2;
  machines: LabFabricMachine[];
  /** The switch agents' control plane; null: leaves without agents (their FRR only). */
  agents: { apiUrl: string; bootCredential: string; intervalSeconds?: number; log?: (leaf: string) => Logger } | null;
};

export type LabLeaf = {
  id: string;
  rack: string;
  netns: string;
  asn: number;
  routerId: string;
  frr: FrrDaemons;
  /** The leaf's private netns directory (its FRR's /run/netns: its VRFs). */
  netnsDir: string;
  /** The VRF namespace of vrf<VNI> on this leaf. */
  vrfNetns: (vni: number) => string;
  cycles: CycleResult[];
  agentRunning: () => boolean;
  startAgent: () => void;
  stopAgent: () => Promise<void>;
};

export type LabFabric = {
  prefix: string;
  leaves: LabLeaf[];
  spines: { id: string; netns: string; frr: FrrDaemons }[];
  leaf: (id: string) => LabLeaf;
  machineNetns: (id: string) => string | null;
  /** Namespaces and FRR daemons of the fabric right now (machines' FRR included). */
  census: () => Promise<{ namespaces: number; daemons: number }>;
  stop: () => Promise<void>;
};

const rackNumber = (racks: string[], rack: string) => racks.indexOf(rack) + 1;
export const machineNetnsName = (prefix: string, id: string) => `${prefix}m-${id.slice(0, 8)}`;
export const UPLINKS = ["swp31", "swp32"];

async function namespaces(prefix: string): Promise<string[]> {
  const out = await run("ip", ["netns", "list"]);
  return out.stdout.split("\n").map((l) => l.split(" ")[0]).filter((n) => n.startsWith(prefix));
}

async function killNamespaceProcesses(ns: string): Promise<void> {
  const pids = (await run("ip", ["netns", "pids", ns])).stdout.split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // gone already
    }
  }
  const alive = async () => {
    const stats = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, "utf8").catch(() => "")));
    return stats.some((s) => s && !/^\d+ \(.*\) Z/.test(s));
  };
  await waitFor(`the processes in ${ns} to stop`, async () => !(await alive()), 10_000).catch(() => {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  });
}

/** Mount points under `dir` (deepest first), from this process's mount table. */
async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile("/proc/self/mountinfo", "utf8");
  const points = table.split("\n").map((l) => l.split(" ")[4]).filter((p): p is string => !!p && (p === dir || p.startsWith(`${dir}/`)));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/**
 * Removes what a previous run with this prefix left behind: the processes in its namespaces
 * (FRR daemons), the leaves' netns mounts under stateDir, the namespaces. Safe when nothing is there.
 */
export async function cleanStaleLabFabric(prefix: string, stateDir: string): Promise<number> {
  const stale = await namespaces(prefix);
  for (const ns of stale) await killNamespaceProcesses(ns);
  for (const point of await mountsUnder(path.resolve(stateDir))) await run("umount", ["-l", point]);
  for (const ns of stale) await run("ip", ["netns", "del", ns]);
  return stale.length;
}

/** Root and the FRR tools: what the live fabric needs; null when all there, else why not. */
export { liveFabricUnavailable } from "./available";

async function addNamespace(ns: string, created: string[]): Promise<void> {
  await must("ip", ["netns", "add", ns]);
  created.push(ns);
  await must("ip", ["-n", ns, "link", "set", "lo", "up"]);
  // No IPv6 duplicate address detection: a port moved between namespaces (or whose peer moved)
  // comes up again with a tentative link-local for ~1 s, which BGP unnumbered has to wait for;
  // the lab's point-to-point veth links have no one to collide with.
  await must("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]);
}

async function veth(a: { ns: string; name: string }, b: { ns: string; name: string }): Promise<void> {
  await must("ip", ["link", "add", a.name, "netns", a.ns, "type", "veth", "peer", "name", b.name, "netns", b.ns]);
  await must("ip", ["-n", a.ns, "link", "set", a.name, "up"]);
  await must("ip", ["-n", b.ns, "link", "set", b.name, "up"]);
}

export async function startLabFabric(o: LabFabricOptions): Promise<LabFabric> {
  const stateDir = path.resolve(o.stateDir);
  await cleanStaleLabFabric(o.prefix, stateDir);
  await mkdir(stateDir, { recursive: true });
  const created: string[] = [];
  const leaves: LabLeaf[] = [];
  const spines: LabFabric["spines"] = [];
  const machineNs = new Map<string, string>();

  const stop = async () => {
    await Promise.all(leaves.map((l) => l.stopAgent()));
    // All namespaces at once (13–21 of them, a process spawn and a wait for the daemons' exit
    // each): one by one, this was most of `npm start`'s shutdown under load.
    await Promise.all((await namespaces(o.prefix)).map((ns) => killNamespaceProcesses(ns)));
    await Promise.all([...leaves.map((l) => l.frr), ...spines.map((s) => s.frr)].map((r) => r.stopAll().catch(() => {})));
    for (const point of await mountsUnder(stateDir)) await run("umount", ["-l", point]);
    await Promise.all((await namespaces(o.prefix)).map((ns) => run("ip", ["netns", "del", ns])));
    for (const l of leaves) await rm(l.frr.dir, { recursive: true, force: true });
    for (const s of spines) await rm(s.frr.dir, { recursive: true, force: true });
  };

  try {
    const spineCount = o.spines ?? 2;
    const leafIds = o.racks.flatMap((rack) => [1, 2].map((n) => ({ rack, n, id: leafName(rack, n) })));
    for (let s = 1; s <= spineCount; s++) {
      const id = `spine0${s}`;
      const netns = `${o.prefix}${id}`;
      await addNamespace(netns, created);
      await must("ip", ["-n", netns, "addr", "add", `10.255.0.${100 + s}/32`, "dev", "lo"]);
      const dir = path.join(stateDir, id, "frr");
      await frrDir(dir, renderSpineFrr({ hostname: id, asn: 4200000100 + s, routerId: `10.255.0.${100 + s}`, ports: leafIds.map((_, i) => `swp${i + 1}`) }));
      spines.push({ id, netns, frr: frrDaemons({ netns, dir }) });
    }
    for (const [i, l] of leafIds.entries()) {
      const netns = `${o.prefix}${l.id}`;
      await addNamespace(netns, created);
      const rackNo = rackNumber(o.racks, l.rack);
      const routerId = `10.255.${rackNo}.${l.n}`;
      await must("ip", ["-n", netns, "addr", "add", `${routerId}/32`, "dev", "lo"]);
      for (const [s, spine] of spines.entries()) await veth({ ns: netns, name: UPLINKS[s] }, { ns: spine.netns, name: `swp${i + 1}` });
      const dir = path.join(stateDir, l.id, "frr");
      // The daemons start from a config with the datacenter defaults: a reload cannot change them.
      // No EVPN-MH startup delay: zebra would hold the VXLAN devices protodown for 180 s after each start.
      await frrDir(dir, `frr defaults datacenter\nhostname ${l.id}\nservice integrated-vtysh-config\nevpn mh startup-delay 0\n!\n`);
      const netnsDir = path.join(stateDir, l.id, "netns");
      await mkdir(netnsDir, { recursive: true });
      // A shared mount point: VRF namespaces bound into it later propagate into FRR's mount namespace.
      await must("mount", ["--bind", netnsDir, netnsDir]);
      await must("mount", ["--make-shared", netnsDir]);
      leaves.push(makeLeaf(o, { id: l.id, rack: l.rack, netns, asn: 4200000000 + rackNo * 10 + l.n, routerId, netnsDir, stateDir, frr: frrDaemons({ netns, dir, vrfNetnsDir: netnsDir }) }));
    }
    for (const m of o.machines) {
      const netns = machineNetnsName(o.prefix, m.id);
      await addNamespace(netns, created);
      machineNs.set(m.id, netns);
      for (const [nic, n] of [["lan0", 1], ["lan1", 2]] as const) {
        const leaf = leaves.find((x) => x.id === leafName(m.rack, n));
        if (!leaf) throw new Error(`machine ${m.id}: no rack ${m.rack} in the fabric`);
        await veth({ ns: leaf.netns, name: m.port }, { ns: netns, name: nic });
      }
    }
    await Promise.all([...spines.map((s) => s.frr.startAll()), ...leaves.map((l) => l.frr.startAll())]);
    for (const l of leaves) l.startAgent();
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    prefix: o.prefix, leaves, spines,
    leaf: (id) => {
      const l = leaves.find((x) => x.id === id);
      if (!l) throw new Error(`no leaf ${id}`);
      return l;
    },
    machineNetns: (id) => machineNs.get(id) ?? null,
    census: async () => {
      const ns = await namespaces(o.prefix);
      let daemons = 0;
      for (const n of ns) {
        const pids = (await run("ip", ["netns", "pids", n])).stdout.split(/\s+/).filter(Boolean);
        for (const pid of pids) {
          const comm = (await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "")).trim();
          if (comm === "zebra" || comm === "bgpd") daemons++;
        }
      }
      return { namespaces: ns.length, daemons };
    },
    stop,
  };
}

function makeLeaf(o: LabFabricOptions, l: { id: string; rack: string; netns: string; asn: number; routerId: string; netnsDir: string; stateDir: string; frr: FrrDaemons }): LabLeaf {
  let controller: AbortController | null = null;
  let done: Promise<void> = Promise.resolve();
  const cycles: CycleResult[] = [];
  const leaf: LabLeaf = {
    ...l,
    vrfNetns: (vni) => `${l.netns}-vrf${vni}`,
    cycles,
    agentRunning: () => controller !== null,
    startAgent: () => {
      if (!o.agents || controller) return;
      const a = o.agents;
      const cfg = switchAgentConfigSchema.parse({
        apiUrl: a.apiUrl, bootCredential: a.bootCredential, id: l.id, rack: l.rack, asn: l.asn, routerId: l.routerId,
        uplinks: UPLINKS.join(","), netns: l.netns, netnsVrfDir: l.netnsDir, frrDir: l.frr.dir, vtySocket: l.frr.dir,
        intervalSeconds: a.intervalSeconds ?? 10, fastConvergence: true, managementAddress: "", osVersion: "lab",
        credentialFile: path.join(l.stateDir, l.id, "switch-credential"),
      });
      const c = new AbortController();
      controller = c;
      done = runSwitchAgent(cfg, { dir: l.frr.dir, vtySocket: l.frr.dir }, {
        signal: c.signal, log: a.log?.(l.id) ?? silentLogger, onCycle: (r) => cycles.push(r), restartFrr: (whileStopped) => l.frr.restart(whileStopped),
      })
        .catch(() => {});
    },
    stopAgent: async () => {
      controller?.abort();
      controller = null;
      await done;
    },
  };
  return leaf;
}

/** For the bench and tests: a leaf's VRF routing table (kernel), as `ip -j route` objects. */
export async function vrfRoutes(leaf: LabLeaf, vni: number, family: 4 | 6 = 4): Promise<{ dst: string; dev?: string }[]> {
  const r = await run("ip", ["-n", leaf.vrfNetns(vni), "-j", `-${family}`, "route", "show"]);
  return r.code === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

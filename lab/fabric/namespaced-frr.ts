import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { frrDaemons, frrDir, must } from "@/agents/machine/frr-daemons";
import { run } from "@/agents/switch/frr-validate";

export { type FrrDaemons, frrDaemons, frrDir } from "@/agents/machine/frr-daemons";

/**
 * A lab leaf (LAB-RECIPES §2): a network namespace with FRR's zebra and bgpd in it, kept apart
 * from every other FRR on the host by explicit paths (config, pid files, zserv and vty sockets
 * in one directory), and ports that are veth pairs to peer namespaces (the machines' NICs).
 * Names carry the caller's prefix so parallel users never clash; stop() removes everything.
 * Needs root. Issue 13's multi-leaf fabric builds on this.
 */
export type LabPort = { name: string; peerNs: string; peerName: string };
export type NamespacedLeaf = {
  netns: string;
  dir: string;
  ports: LabPort[];
  /** Stops bgpd only (FRR partly down), to test how the agent copes. */
  stopBgpd: () => Promise<void>;
  startBgpd: () => Promise<void>;
  runningConfig: () => Promise<string>;
  stop: () => Promise<void>;
};

/**
 * `name` is the whole namespace name (e.g. "sw-leaf01-1234"); each port gets a peer namespace
 * "<name>-<port>" holding the other end, named `peerName` (lan0, …), up.
 */
export async function startNamespacedLeaf(opts: { name: string; hostname: string; ports: { name: string; peerName?: string }[] }): Promise<NamespacedLeaf> {
  const netns = opts.name;
  const dir = await mkdtemp(path.join(os.tmpdir(), `${netns}-frr-`));
  const created: string[] = [];
  const frr = frrDaemons({ netns, dir });
  const stop = async () => {
    await frr.stopAll();
    for (const ns of created.reverse()) await run("ip", ["netns", "del", ns]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // The daemons start from a config with the datacenter defaults: a reload cannot change them.
    await frrDir(dir, `frr defaults datacenter\nhostname ${opts.hostname}\nservice integrated-vtysh-config\n!\n`);
    await must("ip", ["netns", "add", netns]);
    created.push(netns);
    await must("ip", ["-n", netns, "link", "set", "lo", "up"]);
    const ports: LabPort[] = [];
    for (const p of opts.ports) {
      const peerNs = `${netns}-${p.name}`;
      const peerName = p.peerName ?? "lan0";
      await must("ip", ["netns", "add", peerNs]);
      created.push(peerNs);
      await must("ip", ["link", "add", p.name, "netns", netns, "type", "veth", "peer", "name", peerName, "netns", peerNs]);
      await must("ip", ["-n", netns, "link", "set", p.name, "up"]);
      await must("ip", ["-n", peerNs, "link", "set", peerName, "up"]);
      ports.push({ name: p.name, peerNs, peerName });
    }
    await frr.startAll();
    return { netns, dir, ports, stop, stopBgpd: frr.stopBgpd, startBgpd: frr.startBgpd, runningConfig: frr.runningConfig };
  } catch (err) {
    await stop();
    throw err;
  }
}

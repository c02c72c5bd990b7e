import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { run } from "@/agents/switch/frr-validate";

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

async function must(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function pidAlive(file: string): Promise<number | null> {
  const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
  if (!pid) return null;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat && !/^\d+ \(.*\) Z/.test(stat) ? pid : null;
}

async function frrIds(): Promise<{ uid: number; gid: number }> {
  const id = (flag: string) => new Promise<number>((resolve, reject) => execFile("id", [flag, "frr"], (err, out) => (err ? reject(err) : resolve(Number(out.trim())))));
  return { uid: await id("-u"), gid: await id("-g") };
}

/**
 * `name` is the whole namespace name (e.g. "sw-leaf01-1234"); each port gets a peer namespace
 * "<name>-<port>" holding the other end, named `peerName` (lan0, …), up.
 */
export async function startNamespacedLeaf(opts: { name: string; hostname: string; ports: { name: string; peerName?: string }[] }): Promise<NamespacedLeaf> {
  const netns = opts.name;
  const dir = await mkdtemp(path.join(os.tmpdir(), `${netns}-frr-`));
  const { uid, gid } = await frrIds();
  const created: string[] = [];
  const stopDaemon = async (d: string) => {
    const pid = await pidAlive(path.join(dir, `${d}.pid`));
    if (!pid) return;
    process.kill(pid, "SIGTERM");
    await waitFor(`${d} to stop`, async () => (await pidAlive(path.join(dir, `${d}.pid`))) === null, 10_000).catch(() => process.kill(pid, "SIGKILL"));
  };
  const startDaemon = async (d: "zebra" | "bgpd") => {
    const args = ["netns", "exec", netns, `/usr/lib/frr/${d}`, "-d", "-f", path.join(dir, "frr.conf"), "-i", path.join(dir, `${d}.pid`), "-z", path.join(dir, "zserv.api"), "--vty_socket", dir];
    await must("ip", d === "bgpd" ? [...args, "-p", "0"] : args);
    await waitFor(`${d} to answer`, () => existsSync(path.join(dir, `${d}.vty`)));
  };
  const stop = async () => {
    await stopDaemon("bgpd");
    await stopDaemon("zebra");
    for (const ns of created.reverse()) await run("ip", ["netns", "del", ns]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await chown(dir, uid, gid);
    // The daemons start from a config with the datacenter defaults: a reload cannot change them.
    await writeFile(path.join(dir, "frr.conf"), `frr defaults datacenter\nhostname ${opts.hostname}\nservice integrated-vtysh-config\n!\n`);
    await writeFile(path.join(dir, "vtysh.conf"), "");
    for (const f of ["frr.conf", "vtysh.conf"]) await chown(path.join(dir, f), uid, gid);
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
    await startDaemon("zebra");
    await startDaemon("bgpd");
    return {
      netns, dir, ports, stop,
      stopBgpd: () => stopDaemon("bgpd"),
      startBgpd: () => startDaemon("bgpd"),
      runningConfig: () => must("vtysh", ["--vty_socket", dir, "-c", "show running-config"]),
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

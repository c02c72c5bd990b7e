import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * FRR's zebra and bgpd for one router in a network namespace (LAB-RECIPES §2), kept apart from
 * every other FRR on the host by explicit paths: config, pid files, zserv and vty sockets all in
 * one directory. One mechanism for every namespaced router of the lab: leaves and spines
 * (lab/fabric) and the host FRR of a lab machine's installed OS (host-network.ts). On a real
 * machine none of this runs: the distribution's FRR service starts from /etc/frr/frr.conf.
 * Needs root and Debian's frr package.
 */
export function must(cmd: string, args: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(" ")} failed: ${String(stderr).trim() || String(stdout).trim() || err.message}`));
      else resolve(String(stdout));
    });
  });
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** PID 1 here does not reap orphans: a zombie counts as gone. */
export async function pidAlive(file: string): Promise<number | null> {
  const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
  if (!pid) return null;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat && !/^\d+ \(.*\) Z/.test(stat) ? pid : null;
}

async function frrIds(): Promise<{ uid: number; gid: number }> {
  return { uid: Number((await must("id", ["-u", "frr"])).trim()), gid: Number((await must("id", ["-g", "frr"])).trim()) };
}

/** A directory the FRR daemons (user frr) may use, with an empty vtysh.conf and the given frr.conf. */
export async function frrDir(dir: string, config: string): Promise<void> {
  const { uid, gid } = await frrIds();
  await mkdir(dir, { recursive: true });
  await chown(dir, uid, gid);
  await writeFile(path.join(dir, "frr.conf"), config);
  await writeFile(path.join(dir, "vtysh.conf"), "");
  for (const f of ["frr.conf", "vtysh.conf"]) await chown(path.join(dir, f), uid, gid);
}

/**
 * `FRR_LOG_DIR` (debugging the lab): each daemon logs to `<dir>/<netns>-<daemon>.log`, kept after
 * the lab stops — where a crashed zebra leaves its backtrace. Unset: FRR's default (syslog).
 */
function logArgs(netns: string, daemon: string): string[] {
  const dir = process.env.FRR_LOG_DIR;
  return dir ? ["--log", `file:${path.join(dir, `${netns}-${daemon}.log`)}`] : [];
}

export type FrrDaemons = {
  netns: string;
  dir: string;
  /** Stops bgpd only (FRR partly down), to test how an agent copes. */
  stopBgpd: () => Promise<void>;
  startBgpd: () => Promise<void>;
  /** Both daemons, as a crashed or powered-off router. */
  stopAll: () => Promise<void>;
  startAll: () => Promise<void>;
  /** Both daemons, from frr.conf as it is now; `whileStopped` runs while they are down. */
  restart: (whileStopped?: () => Promise<void>) => Promise<void>;
  running: () => Promise<boolean>;
  runningConfig: () => Promise<string>;
  vtysh: (...commands: string[]) => Promise<string>;
};

/**
 * zebra + bgpd in the namespace `netns`, their files in `dir` (frrDir writes it). `-P 0`: no vty
 * TCP port; vtysh uses the sockets in `dir`. With `vrfNetnsDir`, zebra runs FRR's netns VRF
 * backend (`-n`), and both daemons run in a mount namespace whose /run/netns is that directory
 * (rbind, slave: VRF namespaces mounted there later appear to them), so they see only this
 * router's VRFs (agents/switch/netns-vrf.ts).
 */
export function frrDaemons(opts: { netns: string; dir: string; vrfNetnsDir?: string }): FrrDaemons {
  const { netns, dir } = opts;
  const stopDaemon = async (d: string) => {
    const pid = await pidAlive(path.join(dir, `${d}.pid`));
    if (!pid) return;
    process.kill(pid, "SIGTERM");
    await waitFor(`${d} to stop`, async () => (await pidAlive(path.join(dir, `${d}.pid`))) === null, 10_000).catch(() => process.kill(pid, "SIGKILL"));
  };
  const startDaemon = async (d: "zebra" | "bgpd") => {
    if (await pidAlive(path.join(dir, `${d}.pid`))) return;
    const vty = path.join(dir, `${d}.vty`);
    await rm(vty, { force: true });
    const daemon = [`/usr/lib/frr/${d}`, "-d", ...(d === "zebra" && opts.vrfNetnsDir ? ["-n"] : []), "-P", "0", "-f", path.join(dir, "frr.conf"), "-i", path.join(dir, `${d}.pid`), "-z", path.join(dir, "zserv.api"), "--vty_socket", dir, ...logArgs(netns, d)];
    const inner = opts.vrfNetnsDir ? ["unshare", "-m", "--propagation", "slave", "sh", "-c", 'mount --rbind "$0" /run/netns && exec "$@"', opts.vrfNetnsDir, ...daemon] : daemon;
    await must("ip", ["netns", "exec", netns, ...inner]);
    await waitFor(`${d} to answer`, () => existsSync(vty));
  };
  const vtysh = (...commands: string[]) => must("vtysh", ["--vty_socket", dir, ...commands.flatMap((c) => ["-c", c])]);
  return {
    netns, dir, vtysh,
    stopBgpd: () => stopDaemon("bgpd"),
    startBgpd: () => startDaemon("bgpd"),
    stopAll: async () => {
      await stopDaemon("bgpd");
      await stopDaemon("zebra");
    },
    startAll: async () => {
      await startDaemon("zebra");
      await startDaemon("bgpd");
    },
    restart: async (whileStopped) => {
      await stopDaemon("bgpd");
      await stopDaemon("zebra");
      try {
        await whileStopped?.();
      } finally {
        // Started again even when `whileStopped` failed: a router is never left without FRR.
        await startDaemon("zebra");
        await startDaemon("bgpd");
      }
    },
    running: async () => (await pidAlive(path.join(dir, "zebra.pid"))) !== null && (await pidAlive(path.join(dir, "bgpd.pid"))) !== null,
    runningConfig: () => vtysh("show running-config"),
  };
}

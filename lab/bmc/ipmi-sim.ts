import { type ChildProcess, execFile, spawn } from "node:child_process";
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { encodeFru, type FruFields } from "./fru";
import { renderLanConf, renderSimEmu, SDR_SOURCE } from "./ipmi-sim-config";
import { isProcessAlive, stopProcessGroup } from "./process-group";
import { waitForRmcpPong } from "./rmcp-ping";
import { claimUdpPort, releaseUdpPort, udpSocketsOnPort } from "./udp-port";

/**
 * One lab BMC: OpenIPMI's ipmi_sim on 127.0.0.1:<port> (UDP, IPMI 2.0 lanplus), with a FRU
 * image and sensor records of its own, whose chassis power, boot device and identify LED are
 * a machine's SimPowerDriver behind the lab's chassis control server (chassis-control-server.ts).
 * Each start gets a fresh state directory (ipmi_sim persists state there), removed on stop.
 * Resolves once the BMC answers an RMCP ping.
 */
export type IpmiSimBmcOptions = {
  /** The machine's key in the chassis control server's map. */
  machineId: string;
  chassisControl: { url: string; token: string };
  user: string;
  password: string;
  fru: FruFields;
  /** "M.mm" as `mc info` shows it; default "2.45". */
  firmwareVersion?: string;
  /** UDP port on 127.0.0.1; default: a free one. */
  port?: number;
  /** Parent of the state directory; default the OS temp dir. */
  dir?: string;
  ipmiSim?: string;
  sdrcomp?: string;
  /** chassis-control.sh; default <cwd>/lab/bmc/ (the app bundles lab code, so not import.meta). */
  chassisScript?: string;
  readyTimeoutMs?: number;
  /** Sessions the BMC's user may have open at once (default 4). */
  maxSessions?: number;
};

export type IpmiSimBmc = { address: string; host: string; port: number; pid: number; stop(): Promise<void> };

const HOST = "127.0.0.1";
const defaultChassisScript = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "lab", "bmc", "chassis-control.sh");

/** BMCs still running: if the lab process ends without stop(), none is left behind. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const c of running) {
      if (c.pid === undefined || !isProcessAlive(c.pid)) continue;
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        // Gone in the meantime.
      }
    }
  });
}

/** The SDR repository image is the same for every BMC: compiled once per process. */
let sdrImage: Promise<Buffer> | undefined;
function compileSdr(sdrcomp: string): Promise<Buffer> {
  sdrImage ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "lab-sdr-"));
    try {
      await writeFile(path.join(dir, "lab.sdrs"), SDR_SOURCE);
      await promisify(execFile)(sdrcomp, ["-o", path.join(dir, "lab.bsdr"), path.join(dir, "lab.sdrs")]);
      return await readFile(path.join(dir, "lab.bsdr"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  sdrImage.catch(() => (sdrImage = undefined));
  return sdrImage;
}

/** Single-quoted for the /bin/sh that ipmi_sim's popen runs. */
function shellWord(word: string): string {
  if (/['"\n\\]/.test(word)) throw new Error(`cannot pass ${JSON.stringify(word)} to ipmi_sim's chassis_control`);
  return `'${word}'`;
}

export async function startIpmiSimBmc(o: IpmiSimBmcOptions): Promise<IpmiSimBmc> {
  const chassisScript = o.chassisScript ?? defaultChassisScript();
  await access(chassisScript).catch(() => {
    throw new Error(`lab BMC: chassis control script ${chassisScript} not found (run from the project root or pass chassisScript)`);
  });
  // A port picked by us that someone else takes in between is picked anew; a given one is not.
  for (let attempt = 1; ; attempt++) {
    const port = await claimUdpPort(HOST, o.port ?? 0);
    if (port === null) throw new Error(`lab BMC: UDP port ${o.port ?? "(any)"} on ${HOST} is in use`);
    try {
      return await launch(o, port, chassisScript);
    } catch (err) {
      releaseUdpPort(port);
      if (!(err instanceof PortConflict) || o.port !== undefined || attempt === 3) throw err;
    }
  }
}

class PortConflict extends Error {}

async function launch(o: IpmiSimBmcOptions, port: number, chassisScript: string): Promise<IpmiSimBmc> {
  const name = `bmc-${o.machineId.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 27)}`;
  const dir = await mkdtemp(path.join(o.dir ?? os.tmpdir(), "ipmi-sim-"));
  const stateDir = path.join(dir, "state");
  const fru = encodeFru(o.fru);
  const chassisControl = ["/bin/bash", chassisScript, o.chassisControl.url, o.machineId].map(shellWord).join(" ");
  try {
    await mkdir(path.join(stateDir, "ipmi_sim", name), { recursive: true });
    await Promise.all([
      writeFile(path.join(dir, "fru.bin"), fru),
      writeFile(path.join(dir, "lan.conf"), renderLanConf({ name, host: HOST, port, user: o.user, password: o.password, chassisControl, maxSessions: o.maxSessions }), { mode: 0o600 }),
      writeFile(path.join(dir, "sim.emu"), renderSimEmu({ firmwareVersion: o.firmwareVersion ?? "2.45", fruFile: path.join(dir, "fru.bin"), fruSize: fru.length, inletCelsius: 24 })),
      // ipmi_sim reads the main SDR repository from exactly this path at start.
      compileSdr(o.sdrcomp ?? "sdrcomp").then((sdr) => writeFile(path.join(stateDir, "ipmi_sim", name, "sdr.20.main"), sdr)),
    ]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const child = spawn(o.ipmiSim ?? "ipmi_sim", ["-c", "lan.conf", "-f", "sim.emu", "-s", stateDir, "-n"], {
    cwd: dir,
    detached: true, // own process group: stop() also ends a chassis program it is running
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", LAB_CHASSIS_CONTROL_TOKEN: o.chassisControl.token } as unknown as NodeJS.ProcessEnv,
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const failed = new Promise<Error>((resolve) => {
    child.once("error", (err) => resolve(new Error(`ipmi_sim: ${err.message}`)));
    child.once("exit", (code, signal) => resolve(new Error(`ipmi_sim exited (${signal ?? code}) before answering: ${output.trim() || "no output"}`)));
  });
  track(child);

  const stop = async () => {
    await stopProcessGroup(child);
    running.delete(child);
    releaseUdpPort(port);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForRmcpPong(HOST, port, { timeoutMs: o.readyTimeoutMs ?? 10_000, abort: failed });
    const sockets = udpSocketsOnPort(port);
    if (sockets !== null && sockets !== 1) throw new PortConflict(`lab BMC: UDP port ${port} is shared by ${sockets} sockets (taken while starting)`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address: `${HOST}:${port}`, host: HOST, port, pid: child.pid as number, stop };
}

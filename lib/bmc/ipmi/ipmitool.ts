import { execFile } from "node:child_process";
import { BmcError, type BmcConnection } from "../driver";
import { parseIpmiAddress } from "./address";
import { classifyIpmitoolFailure, meaningfulLines } from "./classify";

/**
 * Runs one ipmitool command against one BMC: IPMI 2.0 over LAN (lanplus), never through a
 * shell, the password only in the child's environment (`-E` reads IPMI_PASSWORD; `-P` would
 * show it in every `ps`). The child gets a minimal environment so an IPMITOOL_PASSWORD of
 * the worker's own environment cannot override the BMC's.
 *
 * Retries: `-N 2 -R 1` = one retransmission after 2 s. Session setup against a BMC that does
 * not answer then gives up after ~4 s ("unreachable", retried by the job with backoff) instead
 * of ipmitool's default ~20 s; and a BMC slow to answer one request (ipmi_sim runs its
 * chassis program synchronously) gets 2 s before a duplicate arrives. After `timeoutMs` the
 * process is interrupted so that it closes its session, and killed if it does not exit
 * ("timeout").
 */
export type IpmitoolResult = { stdout: string; stderr: string };
export type RunOptions = {
  /** -v: names the RAKP error on a failed session; off for commands whose output it changes (sdr). */
  verbose?: boolean;
};
export type Ipmitool = {
  run(action: string, args: string[], o?: RunOptions): Promise<IpmitoolResult>;
  /**
   * A BmcError for a run that exited 0 but did not print what success prints: the error on
   * stderr if there is one (ipmitool exits 0 after some failed requests), else "malformed"
   * with `malformed` as the message.
   */
  failure(action: string, result: IpmitoolResult, malformed: string): BmcError;
};

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_OUTPUT = 1024 * 1024;
/** ipmitool's Close Session gets one retransmission after 2 s (-N 2 -R 1). */
const KILL_GRACE_MS = 3_000;

export function createIpmitool(conn: BmcConnection, ipmitool = "ipmitool"): Ipmitool {
  const { host, port } = parseIpmiAddress(conn.address);
  // IPMI 2.0 limits (user name 16 bytes, password 20): ipmitool would truncate silently.
  if (Buffer.byteLength(conn.user) > 16) throw new BmcError("auth", "authentication failed: IPMI user names are at most 16 bytes");
  if (Buffer.byteLength(conn.password) > 20) throw new BmcError("auth", "authentication failed: IPMI 2.0 passwords are at most 20 bytes");
  const timeoutMs = conn.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = `${host}:${port}`;
  const cipherSuite = conn.ipmiCipherSuite ?? 3;
  const base = [
    "-I", "lanplus",
    "-C", String(cipherSuite),
    "-L", conn.ipmiPrivilege ?? "ADMINISTRATOR",
    "-N", "2", "-R", "1",
    "-H", host, "-p", String(port),
    "-U", conn.user, "-E",
  ];
  // Next.js types declare NODE_ENV as required in every env; the child does not need it.
  const env = { IPMI_PASSWORD: conn.password, LC_ALL: "C" } as unknown as NodeJS.ProcessEnv;
  // Messages need no scrubbing (lib/bmc/redact.ts): the password is only in the child's
  // environment, and ipmitool never prints it.

  const run = (action: string, args: string[], o: RunOptions = {}) =>
    new Promise<IpmitoolResult>((resolve, reject) => {
      const argv = [...base, ...(o.verbose === false ? [] : ["-v"]), ...args];
      let timedOut = false;
      let kill: NodeJS.Timeout | undefined;
      const child = execFile(ipmitool, argv, { env, maxBuffer: MAX_OUTPUT, encoding: "utf8" }, (err, stdout, stderr) => {
        clearTimeout(timer);
        clearTimeout(kill);
        if (!err && !timedOut) return resolve({ stdout, stderr });
        const e = err as (NodeJS.ErrnoException & { killed?: boolean }) | null;
        if (e?.code === "ENOENT") return reject(new BmcError("unsupported", `${action}: ${ipmitool} not found; install ipmitool on the worker`));
        reject(classifyIpmitoolFailure({ action, stderr, timedOut, timeoutMs, target, cipherSuite }));
      });
      // Past the deadline: SIGINT first, which ipmitool handles by closing its RMCP+ session
      // (SIGTERM and SIGKILL end it at once and leave the session holding one of the BMC's few
      // slots until the BMC times it out); SIGKILL only if it has not exited after the grace.
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGINT");
        kill = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
      }, timeoutMs);
      // ipmitool prompts on stdin when it cannot read the password; never let it wait.
      child.stdin?.end();
    });

  const failure = (action: string, result: IpmitoolResult, malformed: string): BmcError => {
    if (meaningfulLines(result.stderr).length === 0) return new BmcError("malformed", `${action}: ${malformed}`);
    return classifyIpmitoolFailure({ action, stderr: result.stderr, target, cipherSuite });
  };

  return { run, failure };
}

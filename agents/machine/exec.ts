import { execFile } from "node:child_process";

/**
 * Runs one command of the installer. A failure carries the command line, its exit status and
 * its stderr (what the machine's failure report shows an operator), never a stack trace.
 */
export class CommandError extends Error {
  constructor(readonly command: string, readonly exitCode: number | string | null, readonly stderr: string) {
    super(`${command} failed (${typeof exitCode === "number" ? `exit ${exitCode}` : exitCode ?? "killed"}): ${stderr.trim() || "no output"}`);
  }
}

export type Runner = (cmd: string, args: string[], opts?: { timeoutMs?: number; signal?: AbortSignal }) => Promise<string>;

export const runCommand: Runner = (cmd, args, opts = {}) =>
  new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: opts.timeoutMs ?? 10 * 60_000, signal: opts.signal, maxBuffer: 16 << 20, encoding: "utf8" }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
      // ENOENT: the tool is missing from this system; a number: its exit status.
      const status = e.code === "ENOENT" ? "not installed" : e.killed ? "timed out or aborted" : (e.code ?? null);
      reject(new CommandError([cmd, ...args].join(" "), status, stderr || e.message));
    });
  });

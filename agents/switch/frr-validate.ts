import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Validating an FRR config before it goes anywhere near a running FRR (FABRIC §5, LAB-RECIPES §2):
 * `vtysh -C -f` checks the grammar (exit ≠ 0 and "line N: % Unknown command" on a bad line);
 * `bgpd -C` and `zebra -C` check the semantics, but exit 0 even when a command fails, so their
 * output is searched for "Config Failed". Each daemon reports the other's commands as
 * "No such command": that is expected and not an error.
 */
export type FrrTools = { vtysh: string; bindir: string; reload: string };
export const DEBIAN_FRR: FrrTools = { vtysh: "/usr/bin/vtysh", bindir: "/usr/lib/frr", reload: "/usr/lib/frr/frr-reload.py" };

/** Null when FRR and frr-reload.py are installed; otherwise what is missing (for skip/fail messages). */
export function missingFrr(tools: FrrTools = DEBIAN_FRR): string | null {
  const need = [tools.vtysh, path.join(tools.bindir, "zebra"), path.join(tools.bindir, "bgpd"), tools.reload];
  const missing = need.filter((p) => !existsSync(p));
  return missing.length ? `FRR is not installed (missing ${missing.join(", ")}): apt-get install frr frr-pythontools` : null;
}

export type RunResult = { code: number; stdout: string; stderr: string };
export function run(cmd: string, args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 127) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) || (err && code === 127 ? err.message : "") });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

export type Validation = { ok: true } | { ok: false; errors: string[] };

const UNREAD = /can't open configuration file|failed to open configuration file/;

function failedLines(daemon: string, out: string): string[] {
  if (UNREAD.test(out)) return [`${daemon} could not read the config: ${out.split("\n").find((l) => UNREAD.test(l))?.trim()}`];
  return [...new Set(out.split("\n").filter((l) => l.includes("Config Failed")).map((l) => l.replace(/^.*?(Config Failed)/, "$1").trim()))];
}

export async function validateFrrConfig(config: string, tools: FrrTools = DEBIAN_FRR): Promise<Validation> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "frr-validate-"));
  try {
    // The daemons drop to the frr user: a directory only root can enter would make them skip the
    // file with a log line and exit 0 — a "valid" config never read. Hence 0755, and the check below.
    await chmod(dir, 0o755);
    const file = path.join(dir, "frr.conf");
    await writeFile(file, config, { mode: 0o644 });
    const daemon = (name: string) => run(path.join(tools.bindir, name), ["-C", "-f", file, "--log", "stdout", "-i", path.join(dir, `${name}.pid`), "-z", path.join(dir, "zserv.api"), "--vty_socket", dir]);
    const daemons = ["bgpd", "zebra"];
    // All three checks at once: on a valid config (the usual case) the slowest one is the cost.
    const [grammar, ...results] = await Promise.all([run(tools.vtysh, ["-C", "-f", file]), ...daemons.map(daemon)]);
    if (grammar.code !== 0) {
      const errors = `${grammar.stdout}\n${grammar.stderr}`.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("Can't open configuration file"));
      return { ok: false, errors: errors.length ? errors : [`vtysh -C exited with ${grammar.code}`] };
    }
    const errors = results.flatMap((r, i) => failedLines(daemons[i], `${r.stdout}\n${r.stderr}`));
    return errors.length ? { ok: false, errors } : { ok: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

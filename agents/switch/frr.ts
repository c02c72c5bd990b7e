import { createHash } from "node:crypto";
import { copyFile, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { DEBIAN_FRR, type FrrTools, run, validateFrrConfig } from "./frr-validate";

/**
 * Applying a rendered frr.conf safely (FABRIC §5): compare its hash with the config in place →
 * validate (grammar and semantics, frr-validate.ts) → keep a backup → apply the delta with
 * `frr-reload.py --reload` → on failure re-apply the backup (frr-reload diffs against what is
 * running, so a half-applied delta is rolled back) and report. frr.conf only ever holds a config
 * that applied, so a restarted FRR starts from the last good one.
 */
export type FrrInstance = { dir: string; vtySocket: string; tools?: FrrTools };
/** `timings`: where an apply spent its time (ms), for the benchmark and the logs. */
export type ApplyResult = { changed: boolean; error: string | null; timings?: { validateMs: number; reloadMs: number } };

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

async function readOr(file: string, fallback: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return fallback;
  }
}

function reload(inst: FrrInstance, file: string) {
  const tools = inst.tools ?? DEBIAN_FRR;
  return run(tools.reload, ["--reload", "--stdout", "--bindir", path.dirname(tools.vtysh), "--confdir", inst.dir, "--rundir", inst.dir, "--vty_socket", inst.vtySocket, file], { timeoutMs: 120_000 });
}

/** The last lines of a tool's output: enough to act on, short enough for a status report. */
function tail(out: string, lines = 12): string {
  return out.split("\n").map((l) => l.trimEnd()).filter(Boolean).slice(-lines).join("\n");
}

/** The daemons a leaf's config needs. frr-reload.py exits 0 even when one is down (it applies what it can reach). */
export const LEAF_DAEMONS = ["zebra", "bgpd"];

export async function missingDaemons(inst: FrrInstance, need: readonly string[] = LEAF_DAEMONS): Promise<string[]> {
  const r = await run((inst.tools ?? DEBIAN_FRR).vtysh, ["--vty_socket", inst.vtySocket, "-c", "show daemons"], { timeoutMs: 20_000 });
  const running = new Set(r.code === 0 ? r.stdout.split(/\s+/).filter(Boolean) : []);
  return need.filter((d) => !running.has(d));
}

export async function applyFrrConfig(inst: FrrInstance, config: string): Promise<ApplyResult> {
  const down = await missingDaemons(inst);
  if (down.length) return { changed: false, error: `FRR is not running (${down.join(", ")} down); nothing was applied` };
  const current = path.join(inst.dir, "frr.conf");
  if (sha(await readOr(current, "")) === sha(config)) return { changed: false, error: null };
  const t0 = performance.now();
  const validation = await validateFrrConfig(config, inst.tools);
  const validateMs = performance.now() - t0;
  if (!validation.ok) return { changed: false, error: `the rendered config is invalid, the previous one stays:\n${validation.errors.slice(0, 20).join("\n")}` };
  const candidate = path.join(inst.dir, "frr.conf.new");
  await writeFile(candidate, config, { mode: 0o644 });
  await copyFile(current, path.join(inst.dir, "frr.conf.bak")).catch(() => {});
  const t1 = performance.now();
  const applied = await reload(inst, candidate);
  const reloadMs = performance.now() - t1;
  const lost = applied.code === 0 ? await missingDaemons(inst) : [];
  if (applied.code !== 0 || lost.length) {
    const restored = await reload(inst, current);
    const how = restored.code === 0 ? "the previous config was restored" : `restoring the previous config failed too: ${tail(`${restored.stdout}\n${restored.stderr}`, 4)}`;
    const why = lost.length ? `${lost.join(", ")} stopped during the reload` : `exit ${applied.code}`;
    return { changed: false, error: `frr-reload.py failed (${why}); ${how}:\n${tail(`${applied.stdout}\n${applied.stderr}`)}` };
  }
  await rename(candidate, current);
  return { changed: true, error: null, timings: { validateMs, reloadMs } };
}

export async function vtysh(inst: FrrInstance, command: string): Promise<string> {
  const r = await run((inst.tools ?? DEBIAN_FRR).vtysh, ["--vty_socket", inst.vtySocket, "-c", command], { timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`vtysh -c '${command}' failed (exit ${r.code}): ${tail(`${r.stdout}\n${r.stderr}`, 4)}`);
  return r.stdout;
}

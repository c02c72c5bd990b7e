import { createHash } from "node:crypto";
import { copyFile, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { deltaApplied, frrDelta } from "@/lib/domain/fabric/frr-delta";
import { DEBIAN_FRR, type FrrTools, run, validateFrrConfig } from "./frr-validate";

/**
 * Applying a rendered frr.conf safely (FABRIC §5): compare its hash with the config in place →
 * validate (grammar and semantics, frr-validate.ts) → keep a backup → apply the delta with
 * `frr-reload.py --reload` → on failure re-apply the backup (frr-reload diffs against what is
 * running, so a half-applied delta is rolled back) and report. frr.conf only ever holds a config
 * that applied, so a restarted FRR starts from the last good one.
 * With `delta` (the agent's default), the common changes skip frr-reload.py: one vtysh call with
 * the computed commands (lib/domain/fabric/frr-delta.ts), checked against the running config;
 * anything else, or a delta that did not take, goes the frr-reload.py way above.
 */
export type FrrInstance = { dir: string; vtySocket: string; tools?: FrrTools };
/** `timings`: where an apply spent its time (ms), for the benchmark and the logs. */
export type ApplyTimings = { validateMs: number; reloadMs: number; how: "delta" | "reload" | "restart" };
/** `after`: vtysh config commands to run once the ports were placed (deleting interfaces that left a VRF). */
export type ApplyResult = { changed: boolean; error: string | null; timings?: ApplyTimings; after?: string[]; fallback?: string };

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

/** Runs config commands in one vtysh call (`configure terminal` first); vtysh stops at the first refused one. */
export async function vtyshConfigure(inst: FrrInstance, commands: string[]): Promise<{ ok: boolean; output: string }> {
  if (commands.length === 0) return { ok: true, output: "" };
  const args = ["--vty_socket", inst.vtySocket, "-c", "configure terminal", ...commands.flatMap((c) => ["-c", c])];
  const r = await run((inst.tools ?? DEBIAN_FRR).vtysh, args, { timeoutMs: 30_000 });
  return { ok: r.code === 0, output: tail(`${r.stdout}\n${r.stderr}`, 6) };
}

/**
 * The common changes (a port into or out of a VRF, list entries) as a vtysh delta
 * (lib/domain/fabric/frr-delta.ts), checked against the running config afterwards. Null when
 * the change is not one of them or did not take: then frr-reload.py applies the whole config
 * (it diffs against what runs, so a half-applied delta is completed or undone).
 */
async function applyDelta(inst: FrrInstance, previous: string, config: string): Promise<{ after: string[] } | { fallback: string }> {
  const delta = frrDelta(previous, config);
  if (delta === null) return { fallback: "not expressible as a delta" };
  const applied = await vtyshConfigure(inst, delta.commands);
  if (!applied.ok) return { fallback: `vtysh refused the delta: ${applied.output}` };
  const running = await run((inst.tools ?? DEBIAN_FRR).vtysh, ["--vty_socket", inst.vtySocket, "-c", "show running-config"], { timeoutMs: 20_000 });
  const problems = running.code === 0 ? deltaApplied(running.stdout, delta) : ["show running-config failed"];
  return problems.length ? { fallback: `the running config does not hold the delta: ${problems.slice(0, 3).join("; ")}` } : { after: delta.after };
}

/**
 * `restart` (the lab's netns VRF backend, agent.ts): instead of a live reload, the validated
 * config becomes frr.conf and FRR is restarted from it (the hook also moves the ports while FRR
 * is down); if that fails the previous frr.conf comes back, so the next cycle tries again.
 */
export async function applyFrrConfig(inst: FrrInstance, config: string, opts: { delta?: boolean; restart?: () => Promise<void> } = {}): Promise<ApplyResult> {
  const down = await missingDaemons(inst);
  if (down.length) return { changed: false, error: `FRR is not running (${down.join(", ")} down); nothing was applied` };
  const current = path.join(inst.dir, "frr.conf");
  const previous = await readOr(current, "");
  if (sha(previous) === sha(config)) return { changed: false, error: null };
  const candidate = path.join(inst.dir, "frr.conf.new");
  let fallback: string | undefined;
  if (opts.delta && previous && !opts.restart) {
    const t = performance.now();
    const d = await applyDelta(inst, previous, config);
    if ("after" in d) {
      await writeFile(candidate, config, { mode: 0o644 });
      await copyFile(current, path.join(inst.dir, "frr.conf.bak")).catch(() => {});
      await rename(candidate, current);
      return { changed: true, error: null, after: d.after, timings: { validateMs: 0, reloadMs: performance.now() - t, how: "delta" } };
    }
    fallback = d.fallback;
  }
  const t0 = performance.now();
  const validation = await validateFrrConfig(config, inst.tools);
  const validateMs = performance.now() - t0;
  if (!validation.ok) {
    // A delta vtysh took in part is undone: what runs is the previous config again.
    if (fallback !== undefined) await reload(inst, current);
    return { changed: false, error: `the rendered config is invalid, the previous one stays:\n${validation.errors.slice(0, 20).join("\n")}` };
  }
  await writeFile(candidate, config, { mode: 0o644 });
  await copyFile(current, path.join(inst.dir, "frr.conf.bak")).catch(() => {});
  const t1 = performance.now();
  if (opts.restart) {
    await rename(candidate, current);
    try {
      await opts.restart();
    } catch (err) {
      await revertToPrevious(inst);
      return { changed: false, error: `restarting FRR with the new config failed; frr.conf is the previous one again: ${(err as Error).message}` };
    }
    return { changed: true, error: null, timings: { validateMs, reloadMs: performance.now() - t1, how: "restart" } };
  }
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
  return { changed: true, error: null, timings: { validateMs, reloadMs, how: "reload" }, ...(fallback ? { fallback } : {}) };
}

/**
 * A delta's `after` part (the interface stanzas, once the ports moved) failed: frr.conf goes
 * back to the previous config, so the next cycle sees a change again, and applies it with
 * frr-reload.py (no delta) — which diffs against what actually runs.
 */
export async function revertToPrevious(inst: FrrInstance): Promise<void> {
  await copyFile(path.join(inst.dir, "frr.conf.bak"), path.join(inst.dir, "frr.conf"));
}

export async function vtysh(inst: FrrInstance, command: string): Promise<string> {
  const r = await run((inst.tools ?? DEBIAN_FRR).vtysh, ["--vty_socket", inst.vtySocket, "-c", command], { timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`vtysh -c '${command}' failed (exit ${r.code}): ${tail(`${r.stdout}\n${r.stderr}`, 4)}`);
  return r.stdout;
}

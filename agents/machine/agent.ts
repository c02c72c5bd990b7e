import { AgentClient } from "./client";
import type { AgentConfig } from "./config";
import type { AgentContext } from "./context";
import { osDir } from "./disks";
import { runInstalledOs } from "./installed-os";
import { consoleLogger, type Logger, sleep } from "./log";
import { readInstalledOs } from "./os-files";
import { errorMessage, provision, ReportedFailure, StaleInstall } from "./provision";
import { kexecExecute } from "./real-disks";

/**
 * The agent's main loop: the machine's life from power on to power off (the AbortSignal).
 * PXE boot runs the provisioning flow; on any error it sends Crashed with the message, waits
 * the crash delay (a reboot) and starts again from the top. After kexec, and on a disk boot,
 * the installed OS phones home. A heartbeat (Alive) runs beside everything.
 * Resolves once the signal has aborted and every request has stopped.
 */
export type RunAgentOptions = { signal: AbortSignal; log?: Logger };

async function heartbeat(ctx: AgentContext): Promise<void> {
  const intervalMs = ctx.config.heartbeatIntervalSeconds * 1000;
  if (intervalMs <= 0) return;
  while (await sleep(intervalMs, ctx.signal)) {
    if (!ctx.machineId) continue;
    // Before the first registration the machine is unknown (404): nothing to keep alive yet.
    await ctx.client.event(ctx.machineId, "Alive").catch((err) => ctx.log("debug", `heartbeat: ${errorMessage(err)}`));
  }
}

async function reportCrash(ctx: AgentContext, err: unknown): Promise<void> {
  if (err instanceof StaleInstall) {
    // Not a crash of this machine: its install was taken away (freed or reinstalled) while it ran.
    ctx.log("warn", `${errorMessage(err)}; starting over`);
    return;
  }
  ctx.log("error", `crashed: ${errorMessage(err)}`);
  if (err instanceof ReportedFailure || !ctx.machineId) return;
  // A crash during an install names it: refused as stale when that install is no longer current.
  await ctx.client.event(ctx.machineId, "Crashed", errorMessage(err), ctx.installGeneration ?? undefined)
    .catch((e) => ctx.log("warn", `could not report the crash: ${errorMessage(e)}`));
}

async function lifecycle(ctx: AgentContext): Promise<void> {
  const { config, signal, log } = ctx;
  if (config.boot === "disk") {
    const os = config.diskDir ? await readInstalledOs(osDir(config.diskDir)) : null;
    if (os) return runInstalledOs(ctx, os.home);
    log("warn", "boot from disk: no installed operating system; falling back to PXE");
  }
  while (!signal.aborted) {
    try {
      const home = await provision(ctx);
      // Real disks: the installer loaded the installed kernel; lab disks: the OS runs in-process.
      if (!config.diskDir) return await kexecExecute();
      return await runInstalledOs(ctx, home); // "kexec"
    } catch (err) {
      if (signal.aborted) return;
      await reportCrash(ctx, err);
      await sleep(config.crashDelaySeconds * 1000, signal);
    }
  }
}

export async function runAgent(config: AgentConfig, opts: RunAgentOptions): Promise<void> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal.addEventListener("abort", onAbort, { once: true });
  if (opts.signal.aborted) stop.abort();
  const ctx: AgentContext = {
    config,
    client: new AgentClient(config.apiUrl, config.bootCredential, stop.signal),
    machineId: null,
    installGeneration: null,
    signal: stop.signal,
    log: opts.log ?? consoleLogger(),
  };
  const beat = heartbeat(ctx);
  try {
    await lifecycle(ctx);
  } finally {
    stop.abort();
    opts.signal.removeEventListener("abort", onAbort);
    await beat;
  }
}

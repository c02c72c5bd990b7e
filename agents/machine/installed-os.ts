import { AgentClient } from "./client";
import type { AgentContext } from "./context";
import { startHostNetwork } from "./host-network";
import { sleep } from "./log";
import type { PhoneHomeConfig } from "./os-files";

/**
 * The installed OS (lab: what "kexec" switches to, and what a disk boot runs): it phones home
 * at once and then every phone-home interval (0 = only once), with the machine credential the
 * installer left on the disk, until the machine is powered off. It never crashes into the
 * agent's loop: an unreachable API is logged and tried again at the next interval.
 */
export async function runInstalledOs(ctx: AgentContext, home: PhoneHomeConfig): Promise<void> {
  const { signal, log } = ctx;
  ctx.machineId = home.machineId;
  ctx.client = new AgentClient(home.apiUrl, home.credential, signal);
  const intervalMs = ctx.config.phoneHomeIntervalSeconds * 1000;
  log("info", `installed OS running; phoning home ${intervalMs > 0 ? `every ${ctx.config.phoneHomeIntervalSeconds} s` : "once"}`);
  const stopNetwork = await startHostNetwork(ctx).catch((err: Error) => {
    log("error", `host network failed to start: ${err.message}`);
    return async () => {};
  });
  try {
    await phoneHomeUntilOff(ctx, home, intervalMs);
  } finally {
    await stopNetwork().catch((err: Error) => log("warn", `stopping the host network: ${err.message}`));
  }
}

async function phoneHomeUntilOff(ctx: AgentContext, home: PhoneHomeConfig, intervalMs: number): Promise<void> {
  const { signal, log } = ctx;
  do {
    try {
      const r = await ctx.client.phoneHome(home.machineId);
      log("debug", `Phoned Home: ${r.outcome}, state ${r.state}`);
    } catch (err) {
      if (signal.aborted) return;
      log("warn", `phone home failed: ${(err as Error).message}`);
    }
  } while (intervalMs > 0 && (await sleep(intervalMs, signal)));
  if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

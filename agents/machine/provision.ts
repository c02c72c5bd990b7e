import type { InstallInstructions, MachineEventInput } from "@/lib/contracts/agent";
import { AgentHttpError, isStaleInstall } from "./client";
import { forgetStoredCredential, readStoredCredential, storeCredential } from "./credential-store";
import { osDir, wipeDisks } from "./disks";
import type { AgentContext } from "./context";
import { installMachine } from "./install";
import { type Inventory, readInventory, readMachineUuid } from "./inventory";
import { type PhoneHomeConfig, readInstalledOs, writePhoneHome } from "./os-files";
import { loadInstalledOs } from "./real-disks";

/**
 * One pass of the agent from PXE boot to kexec (DOMAIN §3.4): Preparing → inventory →
 * Registering → register → wipe (unless reinstall) → Waiting → long poll → Installing →
 * install → report → Booting New Kernel. Returns what the installed OS needs to phone home.
 * Any error escapes to the main loop, which sends Crashed and starts over.
 */

/** A failed install the server already knows about (the failure report recorded Crashed). */
export class ReportedFailure extends Error {}

/**
 * The server refused a message about this install: it is no longer the machine's (freed and
 * allocated again, or reinstalled, while it ran). Nothing of it may be reported; start over.
 */
export class StaleInstall extends Error {}

export const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function send(ctx: AgentContext, event: MachineEventInput["event"], message?: string, generation?: number): Promise<void> {
  const r = await ctx.client.event(ctx.machineId!, event, message, generation);
  ctx.log(r.outcome === "unexpected" ? "warn" : "info", `${event}${message ? ` (${message})` : ""}: ${r.outcome}, state ${r.state}`);
}

/** The events endpoint answers 404 for a machine that never registered. */
async function sendIfKnown(ctx: AgentContext, event: MachineEventInput["event"]): Promise<boolean> {
  try {
    await send(ctx, event);
    return true;
  } catch (err) {
    if (err instanceof AgentHttpError && err.status === 404) return false;
    throw err;
  }
}

async function register(ctx: AgentContext, inventory: Inventory): Promise<void> {
  const r = await ctx.client.register(inventory);
  if (r.partitionId !== ctx.config.partition) {
    throw new Error(`registered in partition ${r.partitionId}, but this agent was configured for ${ctx.config.partition}: check the boot credential`);
  }
  ctx.client.credential = r.credential;
  await storeCredential(ctx.config, r.credential);
  ctx.log("info", `registered: size ${r.sizeId ?? "unknown"}, rack ${r.rack || "unknown"}`);
}

/** Re-polls at once after every "not yet": the server holds each poll until there is news. */
async function waitForAllocation(ctx: AgentContext): Promise<InstallInstructions> {
  for (;;) {
    const r = await ctx.client.wait(ctx.machineId!, Math.max(1, ctx.config.waitTimeoutSeconds));
    if (r.allocated) return r.install;
    if (ctx.signal.aborted) throw new Error("aborted");
  }
}

/** Messages about the install: a refusal as stale ends it (StaleInstall), anything else escapes as is. */
async function aboutInstall<T>(install: InstallInstructions, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (isStaleInstall(err)) throw new StaleInstall(`install generation ${install.generation} of ${install.image.id} is no longer this machine's: ${errorMessage(err)}`);
    throw err;
  }
}

async function installAndReport(ctx: AgentContext, inventory: Inventory, install: InstallInstructions): Promise<PhoneHomeConfig> {
  const id = ctx.machineId!;
  const generation = install.generation;
  const home = { machineId: id, apiUrl: ctx.config.apiUrl, credential: ctx.client.credential };
  let bootInfo;
  try {
    const { diskDir, apiUrl, allowDiskWipe, scratchDir, phoneHomeIntervalSeconds } = ctx.config;
    const real = { allowed: allowDiskWipe, scratchDir, phoneHomeIntervalSeconds };
    bootInfo = await installMachine({ diskDir, apiUrl, real, inventory, install, credential: home.credential, signal: ctx.signal, log: ctx.log });
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const r = await aboutInstall(install, () => ctx.client.report(id, { success: false, generation, message: `install of ${install.image.id} failed: ${errorMessage(err)}` }));
    if (r.bootInfo && !ctx.config.diskDir && ctx.config.allowDiskWipe) {
      // Real disks: the previous OS is untouched on its root partition; load its kernel instead.
      ctx.log("warn", `reinstall failed (${errorMessage(err)}); booting the previous installation`);
      await loadInstalledOs(r.bootInfo, home, {}, ctx.log).catch((e) => {
        throw new ReportedFailure(`${errorMessage(err)}; the previous installation does not boot either: ${errorMessage(e)}`);
      });
      return home;
    }
    const root = ctx.config.diskDir ? osDir(ctx.config.diskDir) : null;
    if (!r.bootInfo || !root || !(await readInstalledOs(root))) throw new ReportedFailure(errorMessage(err));
    // A failed reinstall: the server restored the previous boot info, so boot the untouched old OS,
    // handing it the machine credential this registration issued (the old one no longer works).
    ctx.log("warn", `reinstall failed (${errorMessage(err)}); booting the previous installation`);
    await writePhoneHome(root, home);
    return home;
  }
  await aboutInstall(install, () => ctx.client.report(id, { success: true, generation, bootInfo, message: `installed ${install.image.id}` }));
  await aboutInstall(install, () => send(ctx, "Booting New Kernel", `kexec ${bootInfo.kernel} ${bootInfo.cmdline}`, generation));
  return home;
}

/**
 * The first call of a boot, with the stored machine credential when there is one (a known
 * machine registers again only with it). A stored credential the server rejects (401: its
 * database was reset) is forgotten, and the partition boot credential is used instead.
 */
async function firstContact(ctx: AgentContext): Promise<boolean> {
  const stored = await readStoredCredential(ctx.config);
  ctx.client.credential = stored ?? ctx.config.bootCredential;
  try {
    return await sendIfKnown(ctx, "Preparing");
  } catch (err) {
    if (!(stored && err instanceof AgentHttpError && err.status === 401)) throw err;
    ctx.log("warn", "the stored machine credential was not accepted; using the partition boot credential");
    await forgetStoredCredential(ctx.config);
    ctx.client.credential = ctx.config.bootCredential;
    return sendIfKnown(ctx, "Preparing");
  }
}

export async function provision(ctx: AgentContext): Promise<PhoneHomeConfig> {
  const { config, log } = ctx;
  ctx.installGeneration = null;
  ctx.machineId = await readMachineUuid(config);
  const known = await firstContact(ctx);
  const inventory = await readInventory(config);
  if (!known) {
    // Events need a registered machine: register first, then tell the story in order.
    await register(ctx, inventory);
    await send(ctx, "Preparing", "first boot: registered before Preparing");
  }
  await send(ctx, "Registering");
  if (known) await register(ctx, inventory);

  const peek = await ctx.client.wait(ctx.machineId, 0);
  let install = peek.allocated && peek.install.reinstall ? peek.install : null;
  if (!install) {
    await wipeDisks(config, inventory.hardware.disks, log);
    await send(ctx, "Waiting");
    install = await waitForAllocation(ctx);
  }
  ctx.installGeneration = install.generation;
  await aboutInstall(install, () => send(ctx, "Installing", `${install.reinstall ? "reinstall" : "install"} of ${install.image.id}`, install.generation));
  return installAndReport(ctx, inventory, install);
}

import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { InstallInstructions } from "@/lib/contracts/agent";
import { renderHostFrr } from "@/lib/domain/fabric/render-host";
import type { AgentContext } from "./context";
import { osDir } from "./disks";
import { frrDaemons, frrDir, must } from "./frr-daemons";
import type { Inventory } from "./inventory";

/**
 * The installed OS's network (FABRIC §4), as metal-stack's metal-networker sets it up: the
 * machine's addresses on `lo`, BGP unnumbered to both leaves (peer group TOR on the NICs that
 * have an LLDP neighbour), and only its own routes out. The installer writes the config into the
 * OS (`etc/frr/frr.conf`); on real hardware the distribution's FRR service starts from it at boot.
 * In the lab (`--netns`: the machine's network namespace, wired to its leaves) the installed OS
 * starts zebra + bgpd there itself, and stops them and restores the PXE state (no addresses on
 * lo, no BGP routes) when the OS stops: power off, reset for a free or a reinstall.
 */
export const HOST_FRR_CONF = "etc/frr/frr.conf";

export function hostFrrConfig(install: InstallInstructions, inventory: Inventory): string | null {
  const uplinks = (inventory.hardware.nics ?? []).filter((n) => (n.neighbours ?? []).length > 0).map((n) => n.name);
  const addresses = [...new Set(install.networks.flatMap((n) => n.addresses))];
  if (uplinks.length === 0 || addresses.length === 0) return null;
  return renderHostFrr({ hostname: install.hostname, asn: install.asn, uplinks, addresses, raIntervalSeconds: 1 });
}

/** Called by the installer after the OS files: no uplinks or no addresses, no BGP. */
export async function writeHostNetwork(root: string, install: InstallInstructions, inventory: Inventory): Promise<void> {
  const config = hostFrrConfig(install, inventory);
  if (config === null) return;
  const file = path.join(root, ...HOST_FRR_CONF.split("/"));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, config, { mode: 0o644 });
}

/** Back to the PXE state: nothing of the installed OS's network stays in the namespace. */
async function restorePxeState(netns: string): Promise<void> {
  await must("ip", ["-n", netns, "addr", "flush", "dev", "lo", "scope", "global"]).catch(() => {});
  for (const family of ["-4", "-6"]) await must("ip", ["-n", netns, family, "route", "flush", "proto", "bgp"]).catch(() => {});
}

/** Starts the host FRR of the installed OS (lab only); resolves to its stop. */
export async function startHostNetwork(ctx: AgentContext): Promise<() => Promise<void>> {
  const { netns, diskDir } = ctx.config;
  if (!netns || !diskDir) return async () => {};
  const config = await readFile(path.join(osDir(diskDir), ...HOST_FRR_CONF.split("/")), "utf8").catch(() => null);
  if (config === null) {
    ctx.log("warn", "installed OS without a host network configuration: no BGP to the leaves");
    return async () => {};
  }
  const dir = path.join(diskDir, "run", "frr");
  const daemons = frrDaemons({ netns, dir });
  await daemons.stopAll(); // one left from a boot that was cut short
  await restorePxeState(netns);
  await frrDir(dir, config);
  await daemons.startAll();
  ctx.log("info", `host network: FRR started in ${netns}`);
  return async () => {
    await daemons.stopAll();
    await restorePxeState(netns);
  };
}

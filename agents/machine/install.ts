import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { InstallInstructions } from "@/lib/contracts/agent";
import { labDiskFile, osDir, partitionTableFile, writeLabPartitionTable } from "./disks";
import { downloadImage, writeAt } from "./image";
import type { Inventory } from "./inventory";
import { disksToPartition, osTargets, planLayout, type PlannedDisk, rootDevice } from "./layout";
import type { Logger } from "./log";
import { type BootInfo, writeOsFiles } from "./os-files";
import { writeHostNetwork } from "./host-network";
import { installOnRealDisks, type RealInstallOptions } from "./real-disks";

/**
 * One installation, in an order that keeps a failed reinstall harmless: download and verify the
 * image BEFORE touching any disk (a bad checksum leaves the old OS intact, which is what the
 * server restores), then partition per layout, write the image onto the root partition(s),
 * write the OS configuration. Returns the boot info to report.
 *
 * Lab disks are sparse files (below); real disks go through real-disks.ts (sgdisk, mkfs,
 * extlinux, kexec), and only when the agent was allowed to write disks (--allow-disk-wipe).
 */
export type InstallParams = {
  diskDir: string | undefined;
  /** Real disks (no diskDir): only with --allow-disk-wipe. */
  real?: RealInstallOptions & { allowed: boolean };
  apiUrl: string;
  inventory: Inventory;
  install: InstallInstructions;
  credential: string;
  signal: AbortSignal;
  log: Logger;
};

const exists = (file: string) => stat(file).then(() => true, () => false);

/** "ubuntu-24.04.20260401" → "ubuntu"; "firewall-ubuntu-3.0.20260101" → "firewall-ubuntu". */
export function osNameOf(imageId: string): string {
  return imageId.replace(/-[0-9][0-9.]*$/, "");
}

export function bootInfoFor(install: InstallInstructions, primaryDisk: string): BootInfo {
  const root = rootDevice(install.filesystemLayout);
  return {
    primaryDisk,
    osPartition: root,
    kernel: "/boot/vmlinuz",
    initrd: "/boot/initrd.img",
    cmdline: `root=${root} console=ttyS1,115200n8 ro`,
    bootloaderId: osNameOf(install.image.id),
  };
}

async function partitionDisks(diskDir: string, planned: PlannedDisk[], install: InstallInstructions, log: Logger): Promise<void> {
  const repartition = disksToPartition(install.filesystemLayout, install.reinstall);
  for (const disk of planned) {
    // A kept disk without a table (never installed) is partitioned anyway: there is nothing to keep.
    if (!repartition.has(disk.device) && (await exists(partitionTableFile(diskDir, disk.device)))) {
      log("info", `keeping ${disk.device} (not wipeOnReinstall)`);
      continue;
    }
    await writeLabPartitionTable(diskDir, disk);
  }
}

export async function installMachine(p: InstallParams): Promise<BootInfo> {
  const { install, log, signal } = p;
  if (!p.diskDir) {
    if (!p.real?.allowed) throw new Error("installing onto real disks needs --allow-disk-wipe (or lab disk files with --disk-dir)");
    const home = { machineId: install.machineId, apiUrl: p.apiUrl, credential: p.credential };
    return installOnRealDisks({ install, inventory: p.inventory, home, signal, log }, p.real);
  }
  const planned = planLayout(install.filesystemLayout, p.inventory.hardware.disks);
  const targets = osTargets(install.filesystemLayout, planned);

  await mkdir(p.diskDir, { recursive: true });
  const scratch = path.join(p.diskDir, "image.download");
  const maxBytes = Math.min(...targets.map((t) => t.sizeBytes));
  const image = await downloadImage(install.image.url, scratch, install.image.sha256, { signal, maxBytes });
  log("info", `downloaded ${install.image.id}: ${image.bytes} bytes, sha256 verified`);
  try {
    await partitionDisks(p.diskDir, planned, install, log);
    for (const t of targets) {
      const disk = planned.find((d) => d.partitions.includes(t))!;
      await writeAt(scratch, labDiskFile(p.diskDir, disk.device), t.startBytes, signal);
    }
  } finally {
    await rm(scratch, { force: true });
  }
  const primary = planned.find((d) => d.partitions.includes(targets[0]))!.device;
  const bootInfo = bootInfoFor(install, primary);
  // The root partition was just rewritten: no configuration of the previous OS survives.
  await rm(osDir(p.diskDir), { recursive: true, force: true });
  await writeOsFiles(osDir(p.diskDir), install, { machineId: install.machineId, apiUrl: p.apiUrl, credential: p.credential }, bootInfo);
  await writeHostNetwork(osDir(p.diskDir), install, p.inventory);
  log("info", `installed ${install.image.id} onto ${targets.map((t) => t.device).join(" + ")}`);
  return bootInfo;
}

import { mkdir, open, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AgentConfig } from "./config";
import type { PlannedDisk } from "./layout";
import type { Logger } from "./log";
import { credentialDevice, wipeRealDisks } from "./real-disks";

/**
 * Disks. In the lab a disk is a sparse file `<diskDir>/disks/<name>.img` of the reported size
 * (a 960 GB disk costs nothing until written); its partition table is recorded beside it as
 * `<name>.partitions.json`. Real disks are never touched unless --allow-disk-wipe is given, and
 * never the device that holds the machine credential (the NVRAM).
 */
function fileName(device: string): string {
  return path.basename(device).replace(/[^A-Za-z0-9._-]/g, "_");
}
export const labDiskFile = (diskDir: string, device: string) => path.join(diskDir, "disks", `${fileName(device)}.img`);
export const partitionTableFile = (diskDir: string, device: string) => path.join(diskDir, "disks", `${fileName(device)}.partitions.json`);
export const osDir = (diskDir: string) => path.join(diskDir, "os");

/** Zeroes a lab disk: truncating to 0 and back drops every written block (reads return zeros). */
export async function wipeLabDisk(diskDir: string, disk: { name: string; sizeBytes: number }): Promise<void> {
  await mkdir(path.join(diskDir, "disks"), { recursive: true });
  const fh = await open(labDiskFile(diskDir, disk.name), "w");
  try {
    await fh.truncate(disk.sizeBytes);
  } finally {
    await fh.close();
  }
  await rm(partitionTableFile(diskDir, disk.name), { force: true });
}

/** Wipes every disk of the machine (and, in the lab, the installed OS that lived on them). */
export async function wipeDisks(config: AgentConfig, disks: readonly { name: string; sizeBytes: number }[], log: Logger): Promise<void> {
  if (config.diskDir) {
    for (const d of disks) await wipeLabDisk(config.diskDir, d);
    await rm(osDir(config.diskDir), { recursive: true, force: true });
    log("info", `wiped ${disks.length} lab disk(s)`);
    return;
  }
  if (!config.allowDiskWipe) {
    log("warn", `not wiping ${disks.map((d) => d.name).join(", ") || "any disk"}: real disks are only wiped with --allow-disk-wipe`);
    return;
  }
  const nvram = await credentialDevice(config.credentialFile);
  await wipeRealDisks(disks, new Set(nvram ? [nvram] : []), log);
  log("info", `wiped ${disks.length - (nvram && disks.some((d) => d.name === nvram) ? 1 : 0)} disk(s)`);
}

/** Lab: a fresh GPT on the disk file (the file is zeroed first), recorded as JSON. */
export async function writeLabPartitionTable(diskDir: string, disk: PlannedDisk): Promise<void> {
  await wipeLabDisk(diskDir, { name: disk.device, sizeBytes: disk.sizeBytes });
  const table = { device: disk.device, sizeBytes: disk.sizeBytes, label: "gpt", partitions: disk.partitions };
  await writeFile(partitionTableFile(diskDir, disk.device), `${JSON.stringify(table, null, 2)}\n`);
}

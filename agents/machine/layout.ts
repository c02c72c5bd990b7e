import type { InstallInstructions } from "@/lib/contracts/agent";

/**
 * The filesystem layout turned into concrete GPT partition tables (pure): 1 MiB aligned, in
 * the layout's order, sizeMiB 0 = the rest of the disk minus 1 MiB kept for the backup GPT.
 * Also where the OS image goes: the partition(s) under the "/" filesystem (every mirror half
 * when "/" is a RAID 1).
 */
export type Layout = InstallInstructions["filesystemLayout"];
export type PlannedPartition = { number: number; label: string; device: string; gptType: string | null; startBytes: number; sizeBytes: number };
export type PlannedDisk = { device: string; sizeBytes: number; partitions: PlannedPartition[] };

export const MiB = 1024 * 1024;

export class LayoutError extends Error {}

/** /dev/sda + 2 → /dev/sda2; /dev/nvme0n1 + 2 → /dev/nvme0n1p2 (a name ending in a digit takes "p"). */
export function partitionDevice(disk: string, n: number): string {
  return /\d$/.test(disk) ? `${disk}p${n}` : `${disk}${n}`;
}

export function planDisk(disk: Layout["disks"][number], sizeBytes: number): PlannedDisk {
  const end = Math.floor(sizeBytes / MiB) * MiB - MiB;
  let start = MiB;
  const partitions = disk.partitions.map((p, i) => {
    const rest = p.sizeMiB === 0;
    if (rest && i !== disk.partitions.length - 1) throw new LayoutError(`${disk.device}: only the last partition may fill the rest (partition ${p.number} has size 0)`);
    const size = rest ? end - start : p.sizeMiB * MiB;
    if (size <= 0 || start + size > end) {
      throw new LayoutError(`${disk.device}: partition ${p.number} (${p.label}) does not fit on a ${Math.floor(sizeBytes / MiB)} MiB disk`);
    }
    const planned = { number: p.number, label: p.label, device: partitionDevice(disk.device, p.number), gptType: p.gptType ?? null, startBytes: start, sizeBytes: size };
    start += size;
    return planned;
  });
  return { device: disk.device, sizeBytes, partitions };
}

/** Every layout disk must be one the machine has. */
export function planLayout(layout: Layout, disks: readonly { name: string; sizeBytes: number }[]): PlannedDisk[] {
  return layout.disks.map((d) => {
    const disk = disks.find((x) => x.name === d.device);
    if (!disk) throw new LayoutError(`the layout needs ${d.device}, which this machine does not have (it has ${disks.map((x) => x.name).join(", ") || "no disks"})`);
    return planDisk(d, disk.sizeBytes);
  });
}

/** The device the "/" filesystem lives on (a partition, a RAID array or a logical volume). */
export function rootDevice(layout: Layout): string {
  const root = layout.filesystems.find((f) => f.path === "/");
  if (!root) throw new LayoutError("the layout has no filesystem mounted at /");
  return root.device;
}

/** The partitions that receive the OS image: the root partition, or each member of a root RAID. */
export function osTargets(layout: Layout, planned: readonly PlannedDisk[]): PlannedPartition[] {
  const device = rootDevice(layout);
  const raid = layout.raid.find((r) => r.name === device);
  const members = raid ? raid.devices : [device];
  const all = planned.flatMap((d) => d.partitions);
  return members.map((m) => {
    const p = all.find((x) => x.device === m);
    if (!p) throw new LayoutError(`/ is on ${m}, which is not a partition of the layout's disks (root on LVM is not supported by the installer)`);
    return p;
  });
}

/** Disks a reinstall re-partitions: those marked wipeOnReinstall; a fresh install takes all. */
export function disksToPartition(layout: Layout, reinstall: boolean): Set<string> {
  return new Set(layout.disks.filter((d) => !reinstall || d.wipeOnReinstall).map((d) => d.device));
}

import { fieldPath, type FieldError } from "./field-error";
import type { FilesystemLayout } from "./filesystem-layout";
import { partitionDevice } from "./layout-devices";

/**
 * Whether a (valid) layout fits a machine's disks, checked before an allocation or a "try" so
 * that a layout too big for the hardware fails in the API instead of half-way through install.
 *
 * Every capacity below is an upper bound (RAID and LVM metadata are ignored), so a reported
 * problem means the install would certainly fail; a layout that passes can in rare edge cases
 * still be a few MiB short.
 */

export type MachineDisk = { name: string; sizeBytes: number };

const MiB = 1024 * 1024;
/**
 * sgdisk starts the first partition at 1 MiB (which also holds the primary GPT) and keeps the
 * backup GPT in the last 33 sectors (16.5 KiB with 512-byte sectors; more with 4 KiB sectors).
 */
const GPT_OVERHEAD_BYTES = MiB + 33 * 512;

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

/** The agent reports "sda" or "/dev/sda" depending on its version; layouts always say /dev/. */
const devicePath = (name: string) => (name.startsWith("/dev/") ? name : `/dev/${name}`);

export function layoutFits(layout: FilesystemLayout, machineDisks: readonly MachineDisk[]): FieldError[] {
  const problems: FieldError[] = [];
  const diskBytes = new Map(machineDisks.map((d) => [devicePath(d.name), d.sizeBytes]));
  const capacity = new Map<string, number>(); // block device → MiB at most

  layout.disks.forEach((disk, i) => {
    const bytes = diskBytes.get(disk.device);
    if (bytes === undefined) {
      problems.push({ field: fieldPath("disks", i, "device"), message: `the machine has no disk ${disk.device}` });
      return;
    }
    if (disk.partitions.length === 0) {
      capacity.set(disk.device, Math.floor(bytes / MiB));
      return;
    }
    const usable = Math.max(0, Math.floor((bytes - GPT_OVERHEAD_BYTES) / MiB));
    const fixed = sum(disk.partitions.map((p) => p.sizeMiB));
    const restIndex = disk.partitions.findIndex((p) => p.sizeMiB === 0);
    if (fixed > usable) {
      problems.push({
        field: fieldPath("disks", i, "partitions"),
        message: `partitions need ${fixed} MiB but ${disk.device} has ${usable} MiB usable`,
      });
    } else if (restIndex >= 0 && fixed === usable) {
      problems.push({ field: fieldPath("disks", i, "partitions", restIndex, "sizeMiB"), message: `no space left on ${disk.device} for this partition` });
    }
    for (const p of disk.partitions) {
      capacity.set(partitionDevice(disk.device, p.number), p.sizeMiB || Math.max(0, usable - fixed));
    }
  });

  // RAID 1 is as big as its smallest member, RAID 0 the sum of its members.
  for (const raid of layout.raid) {
    const members = raid.devices.map((d) => capacity.get(d));
    if (members.some((m) => m === undefined)) continue;
    const sizes = members as number[];
    capacity.set(raid.name, raid.level === "1" ? Math.min(...sizes) : sum(sizes));
  }

  const groupCapacity = new Map<string, number>();
  for (const vg of layout.volumeGroups) {
    const pvs = vg.devices.map((d) => capacity.get(d));
    if (pvs.every((pv) => pv !== undefined)) groupCapacity.set(vg.name, sum(pvs as number[]));
  }

  const allocated = new Map<string, number>();
  layout.logicalVolumes.forEach((lv, i) => {
    const available = groupCapacity.get(lv.volumeGroup);
    if (available === undefined) return;
    // A raid1 logical volume stores every extent twice.
    const total = (allocated.get(lv.volumeGroup) ?? 0) + lv.sizeMiB * (lv.lvmType === "raid1" ? 2 : 1);
    allocated.set(lv.volumeGroup, total);
    const field = fieldPath("logicalVolumes", i, "sizeMiB");
    if (lv.sizeMiB > 0 && total > available) {
      problems.push({ field, message: `volume group ${lv.volumeGroup} holds at most ${available} MiB; logical volumes up to here need ${total} MiB` });
    } else if (lv.sizeMiB === 0 && total >= available) {
      problems.push({ field, message: `no space left in volume group ${lv.volumeGroup} for this logical volume` });
    }
  });
  return problems;
}

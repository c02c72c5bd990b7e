/**
 * Filesystem layouts: how the machine agent partitions, assembles (RAID, LVM), formats and mounts
 * a machine's disks before writing the OS image. A layout is chosen per allocation, either
 * explicitly or as the single layout whose constraints match the (size, image) pair.
 *
 * This file holds the types and is the entry point; the rules live in layout-*.ts.
 */

export type GptType = "ef00" | "8300" | "fd00" | "8e00";
export type FilesystemFormat = "vfat" | "ext3" | "ext4" | "swap" | "tmpfs" | "none";
export type RaidLevel = "0" | "1";
export type LvmType = "linear" | "striped" | "raid1";

export type LayoutPartition = {
  number: number;
  label: string;
  /** MiB; 0 = the rest of the disk, only for the last partition. */
  sizeMiB: number;
  /** sgdisk type code, e.g. "ef00" (EFI system), "8300" (Linux), "fd00" (RAID), "8e00" (LVM). */
  gptType?: string;
};

export type LayoutDisk = {
  /** Kernel device, e.g. /dev/sda or /dev/nvme0n1. */
  device: string;
  /** On reinstall, disks not marked are kept untouched so tenant data survives a new OS. */
  wipeOnReinstall: boolean;
  partitions: LayoutPartition[];
};

export type LayoutRaid = {
  /** e.g. /dev/md0 */
  name: string;
  level: RaidLevel;
  devices: string[];
  /** Extra mdadm options, e.g. "--metadata=1.0" so firmware can read a mirrored EFI partition. */
  createOptions?: string[];
};

export type LayoutVolumeGroup = { name: string; devices: string[] };

export type LayoutLogicalVolume = {
  name: string;
  volumeGroup: string;
  /** MiB; 0 = the rest of the volume group, only for its last logical volume. */
  sizeMiB: number;
  lvmType: LvmType;
};

export type LayoutFilesystem = {
  /** Mount point; absent = formatted but not mounted. */
  path?: string;
  /** A partition, RAID array, logical volume or whole disk of this layout; "tmpfs" for tmpfs. */
  device: string;
  format: FilesystemFormat;
  label?: string;
  mountOptions?: string[];
  createOptions?: string[];
};

export type LayoutConstraints = {
  /** Size ids this layout is for; no wildcards. */
  sizes: string[];
  /** os → version range, e.g. { ubuntu: ">= 22.4", debian: "12.x" }. */
  images: Record<string, string>;
};

export type FilesystemLayout = {
  disks: LayoutDisk[];
  raid: LayoutRaid[];
  volumeGroups: LayoutVolumeGroup[];
  logicalVolumes: LayoutLogicalVolume[];
  filesystems: LayoutFilesystem[];
  constraints: LayoutConstraints;
};

/**
 * A reinstall keeps every disk not marked wipeOnReinstall (tenant data survives a new OS), so a
 * layout in which no disk is wiped cannot be reinstalled at all (metal-stack's rule).
 */
export function isReinstallable(layout: Pick<FilesystemLayout, "disks">): boolean {
  return layout.disks.some((d) => d.wipeOnReinstall);
}

export { GPT_TYPES, logicalVolumeDevice, partitionDevice } from "./layout-devices";
export { layoutProblems } from "./layout-problems";
export { layoutFits, type MachineDisk } from "./layout-fit";
export {
  layoutConstraintProblems,
  layoutMatches,
  layoutsOverlap,
  matchLayout,
  type LayoutMatch,
} from "./layout-constraints";

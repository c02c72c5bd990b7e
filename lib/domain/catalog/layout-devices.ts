/** Device naming shared by layout validation and fitting. */

/** The GPT partition types the machine agent knows how to handle. */
export const GPT_TYPES = {
  ef00: "EFI system",
  "8300": "Linux filesystem",
  fd00: "Linux RAID",
  "8e00": "Linux LVM",
} as const;

/**
 * The kernel's name for partition `n` of `disk`: a "p" separates the number when the disk name
 * ends in a digit (/dev/nvme0n1 → /dev/nvme0n1p1, /dev/mmcblk0 → /dev/mmcblk0p1), otherwise the
 * number is appended (/dev/sda → /dev/sda1). metal-stack only special-cases "/dev/nvme"; the
 * kernel rule also gets eMMC and loop devices right.
 */
export function partitionDevice(disk: string, n: number): string {
  return /[0-9]$/.test(disk) ? `${disk}p${n}` : `${disk}${n}`;
}

/** LVM exposes logical volumes as /dev/<volume group>/<logical volume>. */
export function logicalVolumeDevice(volumeGroup: string, name: string): string {
  return `/dev/${volumeGroup}/${name}`;
}

/** Whole disks as the kernel names them (sda, vda, nvme0n1, mmcblk0); no by-id links, whose partitions are named differently. */
export const DISK_DEVICE_PATTERN = /^\/dev\/[a-z][a-z0-9]*$/;
export const RAID_DEVICE_PATTERN = /^\/dev\/md[0-9]{1,3}$/;
/** LVM's own rule for VG and LV names (lvm(8) "VALID NAMES"), minus a leading "-". */
export const LVM_NAME_PATTERN = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$/;

import type { FilesystemLayout } from "./filesystem-layout";

/** Layouts shared by the layout tests. */

const tmp = { path: "/tmp", device: "tmpfs", format: "tmpfs", mountOptions: ["defaults", "noatime", "nosuid", "nodev", "noexec", "mode=1777", "size=512M"] } as const;

/** One disk: EFI system partition and an ext4 root filling the rest. */
export const simpleLayout: FilesystemLayout = {
  disks: [
    {
      device: "/dev/sda",
      wipeOnReinstall: true,
      partitions: [
        { number: 1, label: "efi", sizeMiB: 500, gptType: "ef00" },
        { number: 2, label: "root", sizeMiB: 0, gptType: "8300" },
      ],
    },
  ],
  raid: [],
  volumeGroups: [],
  logicalVolumes: [],
  filesystems: [
    { path: "/boot/efi", device: "/dev/sda1", format: "vfat", label: "efi", createOptions: ["-F", "32"] },
    { path: "/", device: "/dev/sda2", format: "ext4", label: "root" },
    { ...tmp, mountOptions: [...tmp.mountOptions] },
  ],
  constraints: { sizes: ["c1-small-x86"], images: { ubuntu: ">= 22.04", debian: "*" } },
};

/**
 * Two NVMe disks mirrored partition by partition (like metal-stack's default for servers with two
 * disks): EFI, root and an LVM volume group on RAID 1, swap and /var/lib as logical volumes.
 */
const nvme = ["/dev/nvme0n1", "/dev/nvme1n1"];
export const raidLvmLayout: FilesystemLayout = {
  disks: nvme.map((device) => ({
    device,
    wipeOnReinstall: true, // the OS lives here, so a reinstall must rewrite it
    partitions: [
      { number: 1, label: "efi", sizeMiB: 500, gptType: "fd00" },
      { number: 2, label: "root", sizeMiB: 50_000, gptType: "fd00" },
      { number: 3, label: "lvm", sizeMiB: 0, gptType: "fd00" },
    ],
  })),
  raid: [
    // metadata 1.0 sits at the end of the members, so the firmware sees a plain FAT partition.
    { name: "/dev/md1", level: "1", devices: nvme.map((d) => `${d}p1`), createOptions: ["--metadata=1.0"] },
    { name: "/dev/md2", level: "1", devices: nvme.map((d) => `${d}p2`) },
    { name: "/dev/md3", level: "1", devices: nvme.map((d) => `${d}p3`) },
  ],
  volumeGroups: [{ name: "vg00", devices: ["/dev/md3"] }],
  logicalVolumes: [
    { name: "swap", volumeGroup: "vg00", sizeMiB: 8192, lvmType: "linear" },
    { name: "varlib", volumeGroup: "vg00", sizeMiB: 0, lvmType: "linear" },
  ],
  filesystems: [
    { path: "/boot/efi", device: "/dev/md1", format: "vfat", label: "efi", createOptions: ["-F", "32"] },
    { path: "/", device: "/dev/md2", format: "ext4", label: "root" },
    { path: "/var/lib", device: "/dev/vg00/varlib", format: "ext4", label: "varlib", mountOptions: ["defaults", "noatime"] },
    { device: "/dev/vg00/swap", format: "swap", label: "swap" },
    { ...tmp, mountOptions: [...tmp.mountOptions] },
  ],
  constraints: { sizes: ["c1-xlarge-x86"], images: { ubuntu: ">= 22.04", debian: ">= 12" } },
};

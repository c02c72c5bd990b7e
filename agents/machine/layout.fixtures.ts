import type { Layout } from "./layout";

/** The seeded layouts' shapes (lib/services/catalog/seed-catalog.ts), for the agent's tests. */
const fs = (device: string, path?: string) => ({ device, path, format: "ext4" as const });

export const singleDisk: Layout = {
  id: "default-small",
  disks: [{ device: "/dev/sda", wipeOnReinstall: true, partitions: [{ number: 1, label: "efi", sizeMiB: 500, gptType: "ef00" }, { number: 2, label: "root", sizeMiB: 0, gptType: "8300" }] }],
  raid: [], volumeGroups: [], logicalVolumes: [],
  filesystems: [fs("/dev/sda1", "/boot/efi"), fs("/dev/sda2", "/")],
  constraints: { sizes: [], images: {} },
};
const nvme = ["/dev/nvme0n1", "/dev/nvme1n1"];
export const mirrored: Layout = {
  id: "raid1-lvm",
  disks: nvme.map((device) => ({ device, wipeOnReinstall: true, partitions: [
    { number: 1, label: "efi", sizeMiB: 500 }, { number: 2, label: "root", sizeMiB: 50_000 }, { number: 3, label: "lvm", sizeMiB: 0 },
  ] })),
  raid: [{ name: "/dev/md1", level: "1", devices: nvme.map((d) => `${d}p1`) }, { name: "/dev/md2", level: "1", devices: nvme.map((d) => `${d}p2`) }],
  volumeGroups: [], logicalVolumes: [],
  filesystems: [fs("/dev/md1", "/boot/efi"), fs("/dev/md2", "/"), fs("/dev/vg00/varlib", "/var/lib")],
  constraints: { sizes: [], images: {} },
};

import { and, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import {
  createFilesystemLayoutInput,
  createImageInput,
  createPartitionInput,
  createSizeInput,
} from "@/lib/contracts/catalog";
import { getDb } from "@/lib/db/client";
import { filesystemLayouts, images, partitions, sizes } from "@/lib/db/schema";
import { parseImageId } from "@/lib/domain/catalog";
import { getEnv } from "@/lib/env";
import { labImage } from "@/lab/image";
import { createLayout } from "./filesystem-layouts";
import { createImage } from "./images";
import { createPartition, getPartitionRow, updatePartition } from "./partitions";
import { createSize } from "./sizes";

/**
 * The demo catalog of the embedded mode: one partition, three sizes that do not overlap, an
 * Ubuntu, a Debian and a firewall image, and two layouts (one per disk setup) that do not
 * overlap. Everything goes through the services, so it is validated and audited like an
 * operator's input. Boot and image URLs point at the app's own boot listener (BOOT_URL), which
 * serves the lab's images (lab/image.ts).
 */

const GiB = 1024 ** 3;
const LAB_BMC_NETWORKS = ["127.0.0.0/8", "::1/128"];
const GB = 1000 ** 3;
const TB = 1000 ** 4;

function mgmtAddress(appUrl: string): string {
  const u = new URL(appUrl);
  return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
}

const partitionSeed = () => {
  const bootUrl = getEnv().boot.url;
  return {
    id: "lab",
    name: "Lab",
    description: "Demo partition: one room, one rack of simulated machines",
    bootConfig: {
      kernelUrl: `${bootUrl}/api/boot/kernel`,
      initrdUrl: `${bootUrl}/api/boot/initrd`,
      commandLine: "console=ttyS1,115200n8 ip=dhcp carrier_timeout=10",
    },
    mgmtServiceAddress: mgmtAddress(bootUrl),
    dnsServers: ["1.1.1.1", "8.8.8.8"],
    ntpServers: ["pool.ntp.org"],
    labels: { "topology.metal/room": "lab" },
    // The lab's BMCs (emulators, ipmi_sim) listen on loopback; its machines boot from anywhere.
    bmcNetworks: LAB_BMC_NETWORKS,
  };
};

const sizeSeeds = [
  {
    id: "c1-small-x86",
    name: "Small x86",
    description: "8–16 cores, 32–64 GiB memory, one SATA/NVMe disk",
    constraints: [
      { type: "cores", min: 8, max: 16 },
      { type: "memory", min: 32 * GiB, max: 64 * GiB },
      { type: "storage", min: 200 * GB, max: 2 * TB },
    ],
  },
  {
    id: "c1-large-x86",
    name: "Large x86",
    description: "2 sockets, 32–64 cores, 128–512 GiB memory, two mirrored NVMe disks",
    constraints: [
      { type: "cores", min: 32, max: 64 },
      { type: "memory", min: 128 * GiB, max: 512 * GiB },
      { type: "storage", min: 400 * GB, max: 8 * TB },
    ],
  },
  {
    id: "g1-gpu-x86",
    name: "GPU x86",
    description: "Like c1-large-x86 with 1–8 NVIDIA A100 GPUs",
    constraints: [
      { type: "cores", min: 32, max: 64 },
      { type: "memory", min: 256 * GiB, max: 2048 * GiB },
      { type: "storage", min: 400 * GB, max: 8 * TB },
      { type: "gpu", min: 1, max: 8, identifier: "GA100*" },
    ],
  },
] as const;

const imageSeeds = () => {
  const bootUrl = getEnv().boot.url;
  const image = (id: string, name: string, features: ("machine" | "firewall")[]) => ({
    id,
    name,
    url: `${bootUrl}/api/images/${id}/img.tar.lz4`,
    // The embedded app serves these images itself (lab/image.ts), so the checksum is the real one.
    sha256: labImage(id).sha256,
    features,
    classification: "supported" as const,
  });
  return [
    image("ubuntu-24.04.20260401", "Ubuntu 24.04 LTS", ["machine"]),
    image("debian-12.0.20260401", "Debian 12 (bookworm)", ["machine"]),
    image("firewall-ubuntu-3.0.20260401", "Firewall 3.0 (Ubuntu based)", ["firewall"]),
  ];
};

const osRanges = { ubuntu: ">= 22.4", debian: ">= 12", "firewall-ubuntu": ">= 3.0" };
const tmp = { path: "/tmp", device: "tmpfs", format: "tmpfs", mountOptions: ["defaults", "noatime", "nosuid", "nodev", "noexec", "mode=1777", "size=512M"] };
const nvme = ["/dev/nvme0n1", "/dev/nvme1n1"];

const layoutSeeds = [
  {
    id: "default-small",
    name: "Single disk",
    description: "EFI system partition and an ext4 root filling the rest of /dev/sda",
    disks: [{ device: "/dev/sda", wipeOnReinstall: true, partitions: [
      { number: 1, label: "efi", sizeMiB: 500, gptType: "ef00" },
      { number: 2, label: "root", sizeMiB: 0, gptType: "8300" },
    ] }],
    filesystems: [
      { path: "/boot/efi", device: "/dev/sda1", format: "vfat", label: "efi", createOptions: ["-F", "32"] },
      { path: "/", device: "/dev/sda2", format: "ext4", label: "root" },
      tmp,
    ],
    constraints: { sizes: ["c1-small-x86"], images: osRanges },
  },
  {
    id: "raid1-lvm",
    name: "Mirrored NVMe with LVM",
    description: "Two NVMe disks mirrored partition by partition; swap and /var/lib as LVM volumes on the mirror",
    disks: nvme.map((device) => ({ device, wipeOnReinstall: true, partitions: [
      { number: 1, label: "efi", sizeMiB: 500, gptType: "fd00" },
      { number: 2, label: "root", sizeMiB: 50_000, gptType: "fd00" },
      { number: 3, label: "lvm", sizeMiB: 0, gptType: "fd00" },
    ] })),
    raid: [
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
      tmp,
    ],
    constraints: { sizes: ["c1-large-x86", "g1-gpu-x86"], images: osRanges },
  },
];

/** Idempotent: rows that exist (by id) are left as the operator may have changed them. */
export async function seedCatalog(actor: Actor): Promise<void> {
  const db = await getDb();
  const exists = async (table: typeof partitions | typeof sizes | typeof filesystemLayouts, id: string) =>
    (await db.select({ id: table.id }).from(table).where(eq(table.id, id)).limit(1)).length > 0;
  const partition = partitionSeed();
  if (!(await exists(partitions, partition.id))) await createPartition(actor, createPartitionInput.parse(partition));
  // Installations seeded before partitions had BMC networks: the lab's BMCs are on loopback.
  else if ((await getPartitionRow(db, partition.id)).bmcNetworks.length === 0) await updatePartition(actor, partition.id, { bmcNetworks: LAB_BMC_NETWORKS });
  for (const s of sizeSeeds) if (!(await exists(sizes, s.id))) await createSize(actor, createSizeInput.parse(s));
  for (const i of imageSeeds()) {
    // By os and version: "ubuntu-24.4.20260401" written by an operator is the same image.
    const parsed = parseImageId(i.id, { requireFull: true });
    if (!parsed.ok) throw new Error(`seed image ${i.id}: ${parsed.error.message}`);
    const { os, version } = parsed.value;
    const [same] = await db.select({ id: images.id, url: images.url }).from(images).where(and(eq(images.os, os), eq(images.version, version))).limit(1);
    if (!same) await createImage(actor, createImageInput.parse(i));
    // Installations seeded before the boot listener existed point at the public port, which no
    // longer serves images: repoint exactly those (an operator's own URL is left alone).
    else if (same.url === `${getEnv().appUrl}/api/images/${same.id}/img.tar.lz4`) await db.update(images).set({ url: i.url }).where(eq(images.id, same.id));
  }
  for (const l of layoutSeeds) if (!(await exists(filesystemLayouts, l.id))) await createLayout(actor, createFilesystemLayoutInput.parse(l));
}

import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { createFilesystemLayoutInput, createImageInput, createSizeInput } from "@/lib/contracts/catalog";
import { getDb } from "@/lib/db/client";
import { filesystemLayouts, images, sizes } from "@/lib/db/schema";
import { createLayout } from "@/lib/services/catalog/filesystem-layouts";
import { createImage, updateImage } from "@/lib/services/catalog/images";
import { createSize } from "@/lib/services/catalog/sizes";
import type { VmManifest } from "./artifacts";

/**
 * What the lab VM needs in the catalog, created through the services like an operator's input:
 * a size its hardware matches (1–4 cores, 0.5–4 GiB, 1–16 GB of disk), a single-disk layout on
 * /dev/vda (a FAT "ESP" and an ext4 root holding /boot, which extlinux boots), and the lab OS
 * images of the manifest, served by the boot listener. Idempotent.
 */
export const VM_SIZE_ID = "v1-lab-vm";
export const VM_LAYOUT_ID = "lab-vm-single";
const MiB = 1024 ** 2;

export const vmLayout = {
  id: VM_LAYOUT_ID,
  name: "Lab VM: one virtio disk",
  description: "A FAT partition and an ext4 root filling the rest of /dev/vda (extlinux boots it)",
  disks: [{ device: "/dev/vda", wipeOnReinstall: true, partitions: [
    { number: 1, label: "efi", sizeMiB: 64, gptType: "ef00" },
    { number: 2, label: "root", sizeMiB: 0, gptType: "8300" },
  ] }],
  filesystems: [
    { path: "/boot/efi", device: "/dev/vda1", format: "vfat", label: "efi", createOptions: ["-F", "32"] },
    { path: "/", device: "/dev/vda2", format: "ext4", label: "root" },
  ],
  constraints: { sizes: [VM_SIZE_ID], images: { "metal-vm": ">= 1.0" } },
};

export async function seedVmCatalog(actor: Actor, bootUrl: string, manifest: VmManifest): Promise<void> {
  const db = await getDb();
  if ((await db.select({ id: sizes.id }).from(sizes).where(eq(sizes.id, VM_SIZE_ID))).length === 0) {
    await createSize(actor, createSizeInput.parse({
      id: VM_SIZE_ID, name: "Lab VM", description: "The lab's QEMU VMs (TCG)",
      constraints: [{ type: "cores", min: 1, max: 4 }, { type: "memory", min: 512 * MiB, max: 4096 * MiB }, { type: "storage", min: 1e9, max: 16e9 }],
    }));
  }
  if ((await db.select({ id: filesystemLayouts.id }).from(filesystemLayouts).where(eq(filesystemLayouts.id, VM_LAYOUT_ID))).length === 0) {
    await createLayout(actor, createFilesystemLayoutInput.parse(vmLayout));
  }
  for (const image of manifest.images) {
    const [row] = await db.select({ id: images.id, sha256: images.sha256 }).from(images).where(eq(images.id, image.id));
    // A rebuilt image (new agent or kernel package) has a new checksum: the row must carry it.
    if (row && row.sha256 !== image.sha256) await updateImage(actor, image.id, { sha256: image.sha256 });
    if (row) continue;
    await createImage(actor, createImageInput.parse({
      id: image.id, name: `Metal lab OS ${image.id.split("-").pop()}`, url: `${bootUrl}/api/images/${image.id}/img.tar.lz4`,
      sha256: image.sha256, features: ["machine"], classification: "preview",
    }));
  }
}

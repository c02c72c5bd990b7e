import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The lab VM's boot artifacts (built by `npm run lab:vm-artifacts`, lab/vm/build.ts): the
 * Debian kernel, the agent's initramfs (busybox, Node, the bundled machine agent, disk tools)
 * and the lab OS images (kernel + a small busybox initramfs that phones home). The boot listener
 * serves them at /api/boot/kernel, /api/boot/initrd and /api/images/{id}/img.tar.lz4.
 */
export const VM_IMAGE_IDS = ["metal-vm-1.0.20261205", "metal-vm-1.1.20261205"] as const;

export const vmManifestSchema = z.object({
  kernelVersion: z.string(),
  kernel: z.object({ file: z.string(), bytes: z.number() }),
  initrd: z.object({ file: z.string(), bytes: z.number() }),
  images: z.array(z.object({ id: z.string(), file: z.string(), bytes: z.number(), sha256: z.string() })),
  builtAt: z.string(),
  /** sha256 over every input (package versions, scripts, the agent bundle): the cache key. */
  inputs: z.string(),
});
export type VmManifest = z.infer<typeof vmManifestSchema>;

/** Under DATA_DIR (default .data): kept across runs, rebuilt by the script when inputs change. */
export const vmArtifactsDir = (dataDir: string) => path.resolve(/*turbopackIgnore: true*/ dataDir, "vm");
export const vmManifestFile = (dataDir: string) => path.join(vmArtifactsDir(dataDir), "out", "manifest.json");

/** The manifest of the last build, or null when the artifacts were never built. */
export function readVmManifest(dataDir: string): VmManifest | null {
  const file = vmManifestFile(dataDir);
  if (!existsSync(file)) return null;
  const manifest = vmManifestSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const out = path.dirname(file);
  const all = [manifest.kernel.file, manifest.initrd.file, ...manifest.images.map((i) => i.file)];
  return all.every((f) => existsSync(path.join(out, f))) ? manifest : null;
}

export const vmArtifactPath = (dataDir: string, file: string) => path.join(vmArtifactsDir(dataDir), "out", file);

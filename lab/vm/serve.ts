import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { readVmManifest, vmArtifactPath } from "./artifacts";

/**
 * The boot listener's answers for the lab VM's artifacts (npm run lab:vm-artifacts): the kernel
 * and agent initramfs the partition's iPXE script names, and the lab OS images. null when they
 * were never built (the route then answers 404 and says how to build them).
 */
function fileResponse(file: string, bytes: number, type: string, etag?: string): Response {
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { "content-type": type, "content-length": String(bytes), ...(etag ? { etag: `"${etag}"` } : {}) } });
}

export function vmBootFileResponse(dataDir: string, what: "kernel" | "initrd"): Response | null {
  const m = readVmManifest(dataDir);
  if (!m) return null;
  const f = m[what];
  return fileResponse(vmArtifactPath(dataDir, f.file), f.bytes, "application/octet-stream");
}

export function vmImageResponse(dataDir: string, imageId: string): Response | null {
  const image = readVmManifest(dataDir)?.images.find((i) => i.id === imageId);
  if (!image) return null;
  return fileResponse(vmArtifactPath(dataDir, image.file), image.bytes, "application/x-tar", image.sha256);
}

import { createHash } from "node:crypto";

/**
 * The lab's OS images: a small, deterministic ustar archive per image id (exactly 1 MiB) with
 * etc/os-release, boot/vmlinuz and boot/initrd.img. The "kernel" and "initrd" are
 * pseudo-random bytes derived from the id, so different images have different checksums and
 * a disk that holds an image is easy to tell from a wiped one.
 *
 * The app serves it at LAB_IMAGE_PATH (the URL the seeded images carry) with labImageResponse,
 * and the seeded image rows must carry labImage(id).sha256.
 */
export const LAB_IMAGE_PATH = "/api/images/{id}/img.tar.lz4";
export const LAB_IMAGE_SIZE = 1024 * 1024;

const BLOCK = 512;

function pseudoRandom(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let off = 0, n = 0; off < size; off += 32, n++) {
    createHash("sha256").update(`${seed}:${n}`).digest().copy(out, off);
  }
  return out;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** One ustar header block (POSIX.1-1988), fixed owner and mtime so the archive is reproducible. */
function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, "utf8");
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(1_767_225_600, 12), 136); // 2026-01-01T00:00:00Z
  h.write("        ", 148); // checksum field counts as spaces while summing
  h.write("0", 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  h.write("root", 265);
  h.write("root", 297);
  const sum = h.reduce((a, b) => a + b, 0);
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

function entry(name: string, content: Buffer): Buffer {
  const padded = Math.ceil(content.length / BLOCK) * BLOCK;
  return Buffer.concat([header(name, content.length), content, Buffer.alloc(padded - content.length)]);
}

function osRelease(imageId: string): Buffer {
  const m = /^(.*?)-([0-9][0-9.]*)$/.exec(imageId);
  const [os, version] = m ? [m[1], m[2]] : [imageId, "0"];
  return Buffer.from(`NAME="${os}"\nID=${os}\nVERSION_ID="${version.split(".").slice(0, 2).join(".")}"\nMETAL_IMAGE_ID=${imageId}\n`);
}

function build(imageId: string): Buffer {
  const head = Buffer.concat([entry("etc/os-release", osRelease(imageId)), entry("boot/vmlinuz", pseudoRandom(`${imageId}/vmlinuz`, 256 * 1024))]);
  // The initrd fills the archive up to exactly LAB_IMAGE_SIZE: header + content + two zero end blocks.
  const initrdSize = LAB_IMAGE_SIZE - head.length - BLOCK - 2 * BLOCK;
  return Buffer.concat([head, entry("boot/initrd.img", pseudoRandom(`${imageId}/initrd`, initrdSize)), Buffer.alloc(2 * BLOCK)]);
}

const cache = new Map<string, { bytes: Buffer; sha256: string }>();

export function labImage(imageId: string): { bytes: Buffer; sha256: string } {
  let image = cache.get(imageId);
  if (!image) {
    const bytes = build(imageId);
    image = { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
    cache.set(imageId, image);
  }
  return image;
}

/** The app's handler body for GET LAB_IMAGE_PATH. */
export function labImageResponse(imageId: string): Response {
  const { bytes, sha256 } = labImage(imageId);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": "application/x-tar",
      "content-length": String(bytes.length),
      etag: `"${sha256}"`,
      "cache-control": "public, max-age=31536000, immutable",
    },
  });
}

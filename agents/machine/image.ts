import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

/**
 * The OS image: streamed to a scratch file while hashing (never held in memory), checked
 * against the allocation's sha256 before a single byte reaches the disk, then copied onto the
 * OS partition(s). No credential is sent with the download: image URLs may point anywhere.
 */
export class ChecksumMismatchError extends Error {
  constructor(readonly url: string, readonly expected: string, readonly actual: string) {
    super(`image ${url}: sha256 mismatch: expected ${expected}, got ${actual}`);
  }
}

/** Counts and hashes what passes through; fails once more than maxBytes came. */
function hashing(maxBytes: number, url: string) {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > maxBytes) return cb(new Error(`image ${url} is larger than its partition (${maxBytes} bytes)`));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, sha256: hash.digest("hex") }) };
}

export function verifySha256(url: string, expected: string, actual: string): void {
  if (actual !== expected.trim().toLowerCase()) throw new ChecksumMismatchError(url, expected, actual);
}

export async function downloadImage(
  url: string,
  dest: string,
  expectedSha256: string,
  opts: { signal: AbortSignal; maxBytes: number },
): Promise<{ bytes: number; sha256: string }> {
  const res = await fetch(url, { signal: opts.signal });
  if (!res.ok || !res.body) throw new Error(`image ${url}: HTTP ${res.status}`);
  const h = hashing(opts.maxBytes, url);
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), h.stream, createWriteStream(dest), { signal: opts.signal });
    const result = h.result();
    verifySha256(url, expectedSha256, result.sha256);
    return result;
  } catch (err) {
    await rm(dest, { force: true });
    throw err;
  }
}

/** Copies a file into another at a byte offset, leaving the rest of the target untouched. */
export async function writeAt(source: string, target: string, offset: number, signal: AbortSignal): Promise<void> {
  await pipeline(createReadStream(source), createWriteStream(target, { flags: "r+", start: offset }), { signal });
}

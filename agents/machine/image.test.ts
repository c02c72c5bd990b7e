import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChecksumMismatchError, downloadImage, verifySha256, writeAt } from "./image";
import { serveFiles } from "./test-support";

const image = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251));
const sha = createHash("sha256").update(image).digest("hex");

describe("image download and checksum", () => {
  let dir: string;
  let host: Awaited<ReturnType<typeof serveFiles>>;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "agent-image-"));
    host = await serveFiles({ "/img.tar": image });
  });
  afterAll(async () => {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("accepts a checksum in either case and rejects any other", () => {
    expect(() => verifySha256("u", sha.toUpperCase(), sha)).not.toThrow();
    expect(() => verifySha256("u", "0".repeat(64), sha)).toThrow(ChecksumMismatchError);
  });

  it("streams the image to a file and verifies its sha256", async () => {
    const dest = path.join(dir, "ok.img");
    expect(await downloadImage(`${host.url}/img.tar`, dest, sha, { signal, maxBytes: 1 << 20 })).toEqual({ bytes: image.length, sha256: sha });
    expect((await readFile(dest)).equals(image)).toBe(true);
  });

  it("on a checksum mismatch fails naming both sums and leaves nothing behind", async () => {
    const dest = path.join(dir, "bad.img");
    const wrong = createHash("sha256").update("another image").digest("hex");
    const err = await downloadImage(`${host.url}/img.tar`, dest, wrong, { signal, maxBytes: 1 << 20 }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.message).toContain(wrong);
    expect(err.message).toContain(sha);
    await expect(stat(dest)).rejects.toThrow();
  });

  it("refuses an image larger than its partition, and a missing one", async () => {
    await expect(downloadImage(`${host.url}/img.tar`, path.join(dir, "big.img"), sha, { signal, maxBytes: 1000 })).rejects.toThrow(/larger than its partition/);
    await expect(downloadImage(`${host.url}/nope`, path.join(dir, "none.img"), sha, { signal, maxBytes: 1 << 20 })).rejects.toThrow(/HTTP 404/);
  });

  it("writes at an offset without touching the bytes around it", async () => {
    const src = path.join(dir, "src");
    const disk = path.join(dir, "disk");
    await writeFile(src, Buffer.from("IMAGE"));
    await writeFile(disk, Buffer.alloc(16, "."));
    await writeAt(src, disk, 4, signal);
    expect((await readFile(disk)).toString()).toBe("....IMAGE.......");
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LAB_IMAGE_SIZE, labImage, labImageResponse } from "./image";

/** Reads ustar entries back, checking each header's checksum as tar does. */
function entries(tar: Buffer): { name: string; size: number }[] {
  const out: { name: string; size: number }[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const stored = Number.parseInt(h.subarray(148, 154).toString(), 8);
    const sum = h.reduce((a, b, i) => a + (i >= 148 && i < 156 ? 32 : b), 0);
    expect(sum).toBe(stored);
    const name = h.subarray(0, 100).toString().replace(/\0.*$/s, "");
    const size = Number.parseInt(h.subarray(124, 136).toString(), 8);
    out.push({ name, size });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe("lab OS image", () => {
  it("is a valid 1 MiB ustar archive with os-release, kernel and initrd", () => {
    const { bytes } = labImage("ubuntu-24.04.20260401");
    expect(bytes.length).toBe(LAB_IMAGE_SIZE);
    expect(entries(bytes).map((e) => e.name)).toEqual(["etc/os-release", "boot/vmlinuz", "boot/initrd.img"]);
    expect(bytes.toString("utf8", 512, 512 + 80)).toContain("METAL_IMAGE_ID=ubuntu-24.04.20260401");
  });

  it("is deterministic per image id and differs between images", () => {
    const a = labImage("debian-12.0.20260401");
    expect(a.sha256).toBe(createHash("sha256").update(a.bytes).digest("hex"));
    expect(a.sha256).toBe("9879c87c1507a245b621c3331c34638ee088f33fee1c2dd9417a026d45c37758");
    expect(labImage("ubuntu-24.04.20260401").sha256).toBe("a369d2728906af5e3c0c57bea818384ea856c6463ff4839234dae0af7d73a044");
    expect(labImage("firewall-ubuntu-3.0.20260401").sha256).toBe("fb407708f6aebc9719b5e35529d93e50678094f3b365c52496de2d538027bce7");
  });

  it("is served with its length and checksum as etag", async () => {
    const res = labImageResponse("ubuntu-24.04.20260401");
    expect(res.headers.get("content-length")).toBe(String(LAB_IMAGE_SIZE));
    expect(res.headers.get("etag")).toBe(`"${labImage("ubuntu-24.04.20260401").sha256}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(labImage("ubuntu-24.04.20260401").bytes)).toBe(true);
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, parseSecretKey, sealSecret } from "./secret-box";

describe("BMC secret box (AES-256-GCM)", () => {
  const key = randomBytes(32);

  it("round-trips and never stores the plaintext; each seal uses a new IV", () => {
    const a = sealSecret(key, "hunter2-bmc", "m-1");
    const b = sealSecret(key, "hunter2-bmc", "m-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("hunter2");
    expect(a).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(openSecret(key, a, "m-1")).toBe("hunter2-bmc");
  });

  it("refuses another machine's ciphertext, a wrong key and a tampered value, without echoing it", () => {
    const sealed = sealSecret(key, "s3cret", "m-1");
    expect(() => openSecret(key, sealed, "m-2")).toThrow(/cannot be decrypted/);
    expect(() => openSecret(randomBytes(32), sealed, "m-1")).toThrow(/cannot be decrypted/);
    const parts = sealed.split(":");
    const flipped = Buffer.from(parts[3], "base64url");
    flipped[0] ^= 1;
    const tampered = [...parts.slice(0, 3), flipped.toString("base64url")].join(":");
    expect(() => openSecret(key, tampered, "m-1")).toThrow(/cannot be decrypted/);
    expect(() => openSecret(key, "plain", "m-1")).toThrow(/unknown format/);
  });

  it("accepts 32-byte keys as base64, base64url or hex, and rejects others", () => {
    const raw = randomBytes(32);
    for (const text of [raw.toString("base64"), raw.toString("base64url"), raw.toString("hex")]) expect(parseSecretKey(text).equals(raw)).toBe(true);
    expect(() => parseSecretKey("short")).toThrow(/32 bytes/);
    expect(() => parseSecretKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});

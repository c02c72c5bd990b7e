import { describe, expect, it } from "vitest";
import { expiryFromDuration, expiryProblem, generateToken, hashesEqual, hashToken, isTokenUsable, looksLikeToken } from "./tokens";

describe("API tokens", () => {
  it("carry 256 random bits and are stored only as their sha256", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.secret).not.toBe(b.secret);
    expect(Buffer.from(a.secret.slice(4), "base64url")).toHaveLength(32);
    expect(a.hash).toBe(hashToken(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.secret.slice(4, 20));
    expect(a.secret.startsWith(a.prefix)).toBe(true);
    expect(looksLikeToken(a.secret)).toBe(true);
    expect(looksLikeToken("mtk_short")).toBe(false);
    expect(hashesEqual(a.hash, hashToken(a.secret))).toBe(true);
    expect(hashesEqual(a.hash, b.hash)).toBe(false);
  });

  it("require an expiry in the future and at most one year ahead", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(expiryProblem(new Date("2025-12-31T23:59:59Z"), now)).toMatch(/future/);
    expect(expiryProblem(new Date("2026-12-31T00:00:00Z"), now)).toBeNull();
    expect(expiryProblem(new Date("2027-01-03T00:00:00Z"), now)).toMatch(/one year/);
    expect(expiryProblem(new Date("nope"), now)).toMatch(/valid date/);
  });

  it("stop working when expired or revoked", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    expect(isTokenUsable({ expiresAt: new Date("2026-06-02"), revokedAt: null }, now)).toBe(true);
    expect(isTokenUsable({ expiresAt: new Date("2026-05-31"), revokedAt: null }, now)).toBe(false);
    expect(isTokenUsable({ expiresAt: new Date("2026-06-02"), revokedAt: new Date("2026-05-01") }, now)).toBe(false);
  });

  it("parse CLI durations", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(expiryFromDuration("30d", now).toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(expiryFromDuration("12h", now).toISOString()).toBe("2026-01-01T12:00:00.000Z");
    expect(() => expiryFromDuration("forever", now)).toThrow(/invalid duration/);
  });
});

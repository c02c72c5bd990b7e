import { describe, expect, it } from "vitest";
import { imageIdProblem, parseImageId, resolveImage, type ResolvableImage } from "./image";

describe("parseImageId", () => {
  it("parses a full id and normalises Ubuntu's leading zero", () => {
    expect(parseImageId("ubuntu-24.04.20260101")).toEqual({
      ok: true,
      value: { os: "ubuntu", major: 24, minor: 4, patch: 20260101, version: "24.4.20260101", normalisedId: "ubuntu-24.4.20260101", exact: true },
    });
  });

  it("accepts partial ids as queries", () => {
    expect(parseImageId("ubuntu-24.04")).toMatchObject({ ok: true, value: { version: "24.4", exact: false, minor: 4 } });
    const major = parseImageId("debian-12");
    expect(major).toMatchObject({ ok: true, value: { os: "debian", version: "12", exact: false } });
    expect(major.ok && "minor" in major.value).toBe(false);
  });

  it.each<[string, string]>([
    ["", "empty"],
    ["x".repeat(129), "too-long"],
    ["ubuntu", "format"],
    ["Ubuntu-24.04.20260101", "os"],
    ["1ubuntu-24.04.20260101", "os"],
    ["ubuntu--24.04.20260101", "os"],
    ["-24.04.20260101", "os"],
    ["firewall-ubuntu--3.0.20260101", "os"],
    ["ubuntu-24-04.20260101", "os"], // an os word must start with a letter: "ubuntu-24" is not an os
    ["firewall-Ubuntu-3.0.20260101", "os"],
    ["ubuntu-24.04.20260101.1", "version"],
    ["ubuntu-24.x", "version"],
    ["ubuntu-", "version"],
    ["ubuntu-1234567.0.20260101", "version"],
    ["ubuntu-24.04.1", "patch-date"],
    ["ubuntu-24.04.20260231", "patch-date"], // 31 February
    ["ubuntu-24.04.20261301", "patch-date"],
    ["ubuntu-24.04.19691231", "patch-date"],
  ])("rejects %j with %s", (id, code) => {
    const result = parseImageId(id);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it("splits at the last dash, so the os may contain dashes (metal-stack's firewall images)", () => {
    expect(parseImageId("firewall-ubuntu-3.0.20240101")).toEqual({
      ok: true,
      value: { os: "firewall-ubuntu", major: 3, minor: 0, patch: 20240101, version: "3.0.20240101", normalisedId: "firewall-ubuntu-3.0.20240101", exact: true },
    });
    expect(parseImageId("firewall-ubuntu-3")).toMatchObject({ ok: true, value: { os: "firewall-ubuntu", version: "3", exact: false } });
    expect(parseImageId("my-os2-k8s-1.30.20260101")).toMatchObject({ ok: true, value: { os: "my-os2-k8s", version: "1.30.20260101" } });
  });

  it("accepts 29 February only in leap years", () => {
    expect(parseImageId("ubuntu-24.04.20280229").ok).toBe(true);
    expect(parseImageId("ubuntu-24.04.20270229").ok).toBe(false);
  });

  it("requires the full id for creating images", () => {
    expect(imageIdProblem("ubuntu-24.04")).toMatch(/full version/);
    expect(imageIdProblem("ubuntu-24.04.20260101")).toBeNull();
  });
});

describe("resolveImage", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const future = new Date("2026-12-31T00:00:00Z");
  const past = new Date("2026-03-01T00:00:00Z");
  const images: (ResolvableImage & { url: string })[] = [
    { id: "ubuntu-22.04.20251201", expiresAt: future, url: "a" },
    { id: "ubuntu-24.04.20260101", expiresAt: future, url: "b" },
    { id: "ubuntu-24.04.20260415", expiresAt: future, url: "c" },
    { id: "ubuntu-24.04.20260210", expiresAt: future, url: "d" },
    { id: "ubuntu-24.10.20260301", expiresAt: future, url: "e" },
    { id: "ubuntu-26.04.20260501", expiresAt: null, url: "f" },
    { id: "debian-12.0.20260520", expiresAt: future, url: "g" },
    { id: "firewall-ubuntu-3.0.20240101", expiresAt: future, url: "i" },
    { id: "firewall-ubuntu-3.0.20240301", expiresAt: future, url: "j" },
    { id: "not a valid id", expiresAt: future, url: "h" },
  ];
  const idOf = (r: ReturnType<typeof resolveImage>) => (r.ok ? r.image.id : r.reason.code);

  it.each([
    ["ubuntu-24.04", "ubuntu-24.04.20260415"], // newest build, not the last listed
    ["ubuntu-24.4", "ubuntu-24.04.20260415"],
    ["ubuntu-24", "ubuntu-24.10.20260301"], // newest minor within the major
    ["ubuntu-22.04", "ubuntu-22.04.20251201"],
    ["ubuntu-26", "ubuntu-26.04.20260501"],
    ["debian-12", "debian-12.0.20260520"],
    ["ubuntu-24.04.20260101", "ubuntu-24.04.20260101"], // full id: exactly that image
    ["ubuntu-24.4.20260210", "ubuntu-24.04.20260210"],
    ["firewall-ubuntu-3.0", "firewall-ubuntu-3.0.20240301"], // the os "ubuntu" never picks up firewall images
    ["firewall-ubuntu-3.0.20240101", "firewall-ubuntu-3.0.20240101"],
  ])("%s → %s", (query, id) => {
    expect(idOf(resolveImage(query, images, now))).toBe(id);
  });

  it("returns the caller's own object", () => {
    const r = resolveImage("ubuntu-24.10", images, now);
    expect(r.ok && r.image.url).toBe("e");
  });

  it("does not fall back from a full id to another build", () => {
    expect(resolveImage("ubuntu-24.04.20260102", images, now)).toEqual({
      ok: false,
      reason: { code: "not-found", message: "no image ubuntu-24.4.20260102" },
    });
    expect(resolveImage("ubuntu-25", images, now)).toMatchObject({ ok: false, reason: { code: "not-found", message: "no image ubuntu-25.x" } });
    expect(resolveImage("centos-9", images, now)).toMatchObject({ ok: false, reason: { code: "not-found" } });
  });

  it("reports an invalid query", () => {
    expect(resolveImage("ubuntu-24.04.1", images, now)).toMatchObject({ ok: false, reason: { code: "invalid-query" } });
  });

  describe("expiry", () => {
    const withExpired = [
      ...images,
      { id: "ubuntu-24.04.20260520", expiresAt: past, url: "x" },
      { id: "ubuntu-20.04.20240101", expiresAt: past, url: "y" },
      { id: "ubuntu-20.04.20240301", expiresAt: now, url: "z" }, // expires exactly now
    ];

    it("still finds expired images outside allocation", () => {
      expect(idOf(resolveImage("ubuntu-24.04", withExpired, now))).toBe("ubuntu-24.04.20260520");
      expect(idOf(resolveImage("ubuntu-20.04.20240101", withExpired, now))).toBe("ubuntu-20.04.20240101");
    });

    it("skips expired builds for allocation", () => {
      expect(idOf(resolveImage("ubuntu-24.04", withExpired, now, { forAllocation: true }))).toBe("ubuntu-24.04.20260415");
    });

    it("refuses an expired image for allocation and says why", () => {
      expect(resolveImage("ubuntu-20.04.20240101", withExpired, now, { forAllocation: true })).toEqual({
        ok: false,
        reason: { code: "expired", message: "image ubuntu-20.04.20240101 expired at 2026-03-01T00:00:00.000Z" },
      });
      const series = resolveImage("ubuntu-20.04", withExpired, now, { forAllocation: true });
      expect(series).toMatchObject({ ok: false, reason: { code: "expired" } });
      expect(!series.ok && series.reason.message).toMatch(/every image ubuntu-20.4.x has expired \(newest: ubuntu-20.04.20240301/);
    });
  });
});

import { describe, expect, it } from "vitest";
import { layoutsOverlap, matchLayout, type LayoutConstraints } from "./filesystem-layout";

const layout = (id: string, sizes: string[], images: Record<string, string>) => ({ id, constraints: { sizes, images } satisfies LayoutConstraints });

describe("layoutsOverlap", () => {
  const modern = layout("modern", ["c1-xlarge-x86", "c1-large-x86"], { ubuntu: ">= 24.04", debian: ">= 12" });
  it.each([
    ["same size, intersecting ubuntu ranges", layout("b", ["c1-large-x86"], { ubuntu: "24.x" }), true],
    ["same size, ubuntu ranges apart", layout("b", ["c1-large-x86"], { ubuntu: "< 24.04" }), false],
    ["same size, leading zeros compared numerically", layout("b", ["c1-large-x86"], { ubuntu: "<= 24.4.20260101" }), true],
    ["same size, different os", layout("b", ["c1-large-x86"], { almalinux: "*" }), false],
    ["same os range, different sizes", layout("b", ["s3-large-x86"], { ubuntu: "*" }), false],
    ["one common os of several", layout("b", ["c1-xlarge-x86"], { ubuntu: "< 22", debian: "12.x" }), true],
    ["a development layout without constraints", layout("b", [], {}), false],
  ])("%s → %s", (_, other, expected) => {
    expect(layoutsOverlap(modern, other)).toBe(expected);
    expect(layoutsOverlap(other, modern)).toBe(expected);
  });
});

describe("matchLayout", () => {
  const layouts = [
    layout("raid-new", ["c1-xlarge-x86"], { ubuntu: ">= 24.04", debian: ">= 12" }),
    layout("raid-old", ["c1-xlarge-x86"], { ubuntu: ">= 20.04 < 24.04" }),
    layout("storage", ["s3-large-x86"], { ubuntu: "*", debian: "*" }),
    layout("dev", [], {}),
  ];
  it.each([
    ["c1-xlarge-x86", "ubuntu", "24.4.20260101", "raid-new"],
    ["c1-xlarge-x86", "ubuntu", "26.4.20260501", "raid-new"],
    ["c1-xlarge-x86", "ubuntu", "22.4.20251201", "raid-old"],
    ["c1-xlarge-x86", "debian", "12.0.20260520", "raid-new"],
    ["s3-large-x86", "debian", "11.0.20240101", "storage"],
  ])("%s with %s %s → %s", (sizeId, os, version, id) => {
    const m = matchLayout(layouts, sizeId, { os, version });
    expect(m.ok && m.layout.id).toBe(id);
  });

  it.each([
    ["c1-xlarge-x86", "ubuntu", "18.4.20200101"], // below every range
    ["c1-xlarge-x86", "almalinux", "9.4.20260101"], // os not constrained
    ["g1-large-x86", "ubuntu", "24.4.20260101"], // size not listed
    ["c1-xlarge-x86", "constructor", "1.0.20260101"], // not picked up from Object.prototype
  ])("finds none for %s with %s %s", (sizeId, os, version) => {
    expect(matchLayout(layouts, sizeId, { os, version })).toEqual({ ok: false, reason: "none", candidates: [] });
  });

  it("reports ambiguity with the candidates (only possible if overlaps slipped in)", () => {
    const clash = [...layouts, layout("raid-copy", ["c1-xlarge-x86"], { ubuntu: "24.x" })];
    expect(matchLayout(clash, "c1-xlarge-x86", { os: "ubuntu", version: "24.4.20260101" })).toEqual({
      ok: false,
      reason: "ambiguous",
      candidates: ["raid-new", "raid-copy"],
    });
  });
});

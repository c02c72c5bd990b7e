import { describe, expect, it } from "vitest";
import { normaliseRange, rangesIntersect, satisfiesRange, semverRangeProblem } from "./version-range";

describe("semverRangeProblem", () => {
  it.each([">= 22.4", "24.x", "~24.04", "^24.4.20260101", ">= 20.04, < 24.04", "22.x || 24.x", "*", "24.04.20260101", "20 - 24"])(
    "accepts %j",
    (range) => expect(semverRangeProblem(range)).toBeNull(),
  );
  it.each([
    ["", /empty/],
    ["  ", /empty/],
    ["latest", /not a version range/],
    ["!= 24.4", /not a version range/], // Masterminds syntax node-semver lacks
    [">= 2" + "4".repeat(100), /at most 100/],
  ])("rejects %j", (range, message) => expect(semverRangeProblem(range)).toMatch(message));

  it("normalises Masterminds-style constraints", () => {
    expect(normaliseRange(">= 20.04, < 024.04")).toBe(">= 20.4 < 24.4");
  });
});

describe("satisfiesRange", () => {
  it.each<[string, string, boolean]>([
    ["24.4.20260101", ">= 22.4", true],
    ["20.4.20240101", ">= 22.4", false],
    ["24.04.20260101", "24.x", true], // leading zero in the version too
    ["24.10.20260101", "~24.4", false],
    ["24.4.20260101", "~24.04", true],
    ["22.4.20250101", ">= 20.04, < 24.04", true],
    ["24.4.20250101", ">= 20.04, < 24.04", false],
    ["12.0.20260101", "*", true],
    ["not-a-version", "*", false],
    ["24.4.20260101", "garbage", false],
  ])("%s in %j → %s", (version, range, expected) => expect(satisfiesRange(version, range)).toBe(expected));
});

describe("rangesIntersect", () => {
  it.each<[string, string, boolean]>([
    [">= 22.4", "24.x", true],
    ["< 22", "24.x", false],
    ["22.x", "24.x", false],
    ["~24.04", ">= 24.4.20260301", true],
    ["*", "< 1", true],
    [">= 24.10", "<= 24.4.20261231", false],
    ["garbage", "*", false],
  ])("%j ∩ %j → %s", (a, b, expected) => {
    expect(rangesIntersect(a, b)).toBe(expected);
    expect(rangesIntersect(b, a)).toBe(expected);
  });
});

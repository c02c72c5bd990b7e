import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, globProblem, isCatchAllGlob } from "./glob";

describe("compileGlob", () => {
  it.each<[string, string, boolean]>([
    ["AMD EPYC*", "AMD EPYC 7543 32-Core Processor", true],
    ["AMD EPYC*", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", false],
    ["*EPYC 75??*", "AMD EPYC 7543 32-Core Processor", true],
    ["*EPYC 75??*", "AMD EPYC 7313P 16-Core Processor", false],
    ["/dev/sd[ab]", "/dev/sdb", true],
    ["/dev/sd[ab]", "/dev/sdc", false],
    ["/dev/sd[c-z]", "/dev/sdx", true],
    ["/dev/sd[c-z]", "/dev/sda", false],
    ["/dev/sd[^ab]", "/dev/sdc", true],
    ["/dev/sd[^ab]", "/dev/sda", false],
    ["/dev/nvme?n1", "/dev/nvme0n1", true],
    ["/dev/nvme?n1", "/dev/nvme10n1", false],
    ["*", "/dev/sda", true], // "*" crosses "/" on purpose: identifiers are not file paths
    ["*", "", true],
    ["amd*", "AMD EPYC", false], // case-sensitive
    ["AMD", "AMD EPYC", false], // whole-string match
    ["GA100 \\[A100*\\]", "GA100 [A100 SXM4 80GB]", true],
    ["GA100 \\[A100*\\]", "GA100 [A100 SXM4 80GB] rev a1", false],
    ["\\*", "*", true],
    ["\\*", "x", false],
    ["a\\?", "a?", true],
    ["[\\]]", "]", true],
    ["[a-]", "-", true],
    ["*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(60), false], // linear-time, no regex backtracking blow-up
  ])("%s on %j → %s", (pattern, subject, expected) => {
    expect(compileGlob(pattern)(subject)).toBe(expected);
  });

  it("agrees with a regular-expression oracle on short inputs", () => {
    const piece = fc.constantFrom("a", "b", "-", "*", "?", "[ab]", "[^a]", "[a-b]", "\\*");
    const toRegex = (p: string[]) =>
      new RegExp(`^${p.map((t) => ({ "*": "[\\s\\S]*", "?": "[\\s\\S]", "\\*": "\\*" })[t] ?? t).join("")}$`);
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.stringMatching(/^[ab*-]{0,8}$/), (pattern, subject) => {
        expect(compileGlob(pattern.join(""))(subject)).toBe(toRegex(pattern).test(subject));
      }),
      { numRuns: 3000 },
    );
  });

  it("throws on an invalid pattern", () => {
    expect(() => compileGlob("[ab")).toThrow(/never closed/);
  });
});

describe("globProblem", () => {
  it.each([
    ["", /empty/],
    ["x".repeat(201), /at most 200/],
    ["/dev/sd[ab", /never closed/],
    ["/dev/sd]", /unbalanced "\]"/],
    ["[]", /empty character class/],
    ["[z-a]", /reversed/],
    ["trailing\\", /unfinished escape/],
  ])("rejects %j", (pattern, message) => {
    expect(globProblem(pattern)).toMatch(message);
  });

  it("accepts 200 characters and ordinary patterns", () => {
    expect(globProblem("x".repeat(200))).toBeNull();
    expect(globProblem("Intel(R) Xeon(R) Gold*")).toBeNull();
  });
});

describe("isCatchAllGlob", () => {
  it("recognises no identifier and star-only patterns", () => {
    expect([undefined, "*", "***"].map(isCatchAllGlob)).toEqual([true, true, true]);
    expect(["*?", "a*"].map(isCatchAllGlob)).toEqual([false, false]);
  });
});

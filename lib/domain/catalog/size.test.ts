import { describe, expect, it } from "vitest";
import { matchSize, sizeMatches, sizeProblems, type Hardware, type SizeDef } from "./size";
import { GiB, TB, TiB, c1Xlarge, catalog, epycServer, g1Large, gpuNode, s3Large, smallXeon, storageNode } from "./size.fixtures";


describe("matchSize over real hardware", () => {
  it.each([
    ["2-socket EPYC 7543 server", epycServer, "c1-xlarge-x86"],
    ["A100 GPU node", gpuNode, "g1-large-x86"],
    ["24-disk storage node", storageNode, "s3-large-x86"],
  ])("sizes the %s", (_, hw, sizeId) => {
    expect(matchSize(hw, catalog)).toEqual({ kind: "match", sizeId });
  });

  it("leaves a machine that fits no size unknown", () => {
    expect(matchSize(smallXeon, catalog)).toEqual({ kind: "unknown", reason: "none", candidates: [] });
  });

  it("refuses to pick when two sizes match, and names both", () => {
    const amdLarge: SizeDef = {
      id: "c1-large-amd",
      constraints: [
        { type: "cores", min: 48, max: 64, identifier: "AMD EPYC*" },
        { type: "memory", min: 256 * GiB, max: 1 * TiB },
        { type: "storage", min: 1 * TB, max: 4 * TB, identifier: "/dev/nvme*" },
      ],
    };
    expect(matchSize(epycServer, [...catalog, amdLarge])).toEqual({
      kind: "unknown",
      reason: "ambiguous",
      candidates: ["c1-xlarge-x86", "c1-large-amd"],
    });
  });
});

describe("every CPU, disk and GPU must be accounted for", () => {
  const withoutGpu: SizeDef = { id: "no-gpu", constraints: g1Large.constraints.filter((c) => c.type !== "gpu") };
  const withoutStorage: SizeDef = { id: "diskless", constraints: c1Xlarge.constraints.filter((c) => c.type !== "storage") };
  const bootDisksOnly: SizeDef = { id: "boot-only", constraints: s3Large.constraints.slice(0, 3) };

  it("keeps a GPU machine out of a size without a gpu constraint", () => {
    expect(sizeMatches(gpuNode, withoutGpu)).toBe(false);
  });
  it("keeps a machine with disks out of a size without a storage constraint", () => {
    expect(sizeMatches(epycServer, withoutStorage)).toBe(false);
  });
  it("keeps the storage node out of a size that only describes its boot disks", () => {
    expect(sizeMatches(storageNode, bootDisksOnly)).toBe(false);
  });
  it("does not require a memory constraint", () => {
    const anyMemory: SizeDef = { id: "any-mem", constraints: c1Xlarge.constraints.filter((c) => c.type !== "memory") };
    expect(sizeMatches(epycServer, anyMemory)).toBe(true);
  });
  it("counts only the CPUs whose model matches, and then misses the others", () => {
    const mixed: Hardware = { ...epycServer, cpus: [epycServer.cpus[0], gpuNode.cpus[0]] };
    const amdOnly: SizeDef = { id: "amd", constraints: [{ type: "cores", min: 32, max: 32, identifier: "AMD*" }, c1Xlarge.constraints[2]] };
    expect(sizeMatches(mixed, amdOnly)).toBe(false);
    const both: SizeDef = { id: "both", constraints: [...amdOnly.constraints, { type: "cores", min: 32, max: 32, identifier: "Intel*" }] };
    expect(sizeMatches(mixed, both)).toBe(true);
  });
  it("treats min and max as inclusive", () => {
    const exact: SizeDef = { id: "exact", constraints: [{ type: "cores", min: 16, max: 16 }, { type: "storage", min: 0, max: 1 * TB }] };
    expect(sizeMatches(smallXeon, { ...exact, constraints: [{ type: "cores", min: 8, max: 8 }, exact.constraints[1]] })).toBe(true);
    expect(sizeMatches(smallXeon, exact)).toBe(false);
  });
  it("never matches a size whose stored glob is broken instead of throwing", () => {
    const broken: SizeDef = { id: "broken", constraints: [{ type: "cores", min: 0, max: 99, identifier: "[AMD" }] };
    expect(matchSize(smallXeon, [broken])).toEqual({ kind: "unknown", reason: "none", candidates: [] });
  });
});

describe("sizeProblems", () => {
  it("accepts the catalog", () => {
    expect(catalog.flatMap(sizeProblems)).toEqual([]);
  });
  it.each<[string, SizeDef["constraints"], string, RegExp]>([
    ["min above max", [{ type: "cores", min: 8, max: 4 }], "constraints.0.max", /at least min/],
    ["negative min", [{ type: "cores", min: -1, max: 4 }], "constraints.0.min", /non-negative integer/],
    ["fractional max", [{ type: "memory", min: 0, max: 1.5 }], "constraints.0.max", /non-negative integer/],
    ["memory with identifier", [{ type: "memory", min: 0, max: 1, identifier: "DDR5*" }], "constraints.0.identifier", /no identifier/],
    ["broken glob", [{ type: "gpu", min: 0, max: 1, identifier: "GA100[" }], "constraints.0.identifier", /never closed/],
    ["duplicate", [{ type: "cores", min: 1, max: 2 }, { type: "cores", min: 1, max: 2, identifier: "*" }], "constraints.1", /duplicates constraints\.0/],
    ["duplicate glob", [{ type: "storage", min: 1, max: 2, identifier: "/dev/sd*" }, { type: "storage", min: 3, max: 4, identifier: "/dev/sd*" }], "constraints.1", /duplicates/],
  ])("rejects %s", (_, constraints, field, message) => {
    const problems = sizeProblems({ id: "x", constraints });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });
  it("allows several storage constraints with different globs", () => {
    expect(sizeProblems(s3Large)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { auditDiff, auditSnapshotRows } from "./diff";

describe("auditDiff", () => {
  it("lists only the changed leaves, with dotted paths", () => {
    const before = { name: "web", quotas: { machines: 5, ips: 10 }, tags: ["a"], description: "x" };
    const after = { name: "web", quotas: { machines: 8, ips: 10 }, tags: ["a", "b"], owner: "olivia" };
    expect(auditDiff(before, after)).toEqual([
      { path: "description", kind: "removed", before: "x" },
      { path: "owner", kind: "added", after: "olivia" },
      { path: "quotas.machines", kind: "changed", before: 5, after: 8 },
      { path: "tags", kind: "changed", before: ["a"], after: ["a", "b"] },
    ]);
  });
  it("compares arrays of objects by index", () => {
    expect(auditDiff({ nets: [{ id: 1, ip: "a" }] }, { nets: [{ id: 1, ip: "b" }] })).toEqual([{ path: "nets.0.ip", kind: "changed", before: "a", after: "b" }]);
  });
  it("is empty for equal snapshots", () => {
    expect(auditDiff({ a: 1 }, { a: 1 })).toEqual([]);
    expect(auditDiff(null, null)).toEqual([]);
  });
});

describe("auditSnapshotRows", () => {
  it("shows every field of a created or deleted record", () => {
    expect(auditSnapshotRows(null, { name: "web", q: { m: 1 } })).toEqual([
      { path: "name", kind: "added", after: "web" },
      { path: "q.m", kind: "added", after: 1 },
    ]);
    expect(auditSnapshotRows({ name: "web" }, null)).toEqual([{ path: "name", kind: "removed", before: "web" }]);
  });
});

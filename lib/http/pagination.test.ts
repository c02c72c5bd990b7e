import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, toPage } from "./pagination";

describe("cursor pagination", () => {
  it("round-trips string and numeric positions through an opaque cursor", () => {
    expect(decodeCursor(encodeCursor("0190a-id"))).toBe("0190a-id");
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(encodeCursor("abc")).not.toContain("abc");
  });

  it("rejects tampered cursors with a 400", () => {
    expect(() => decodeCursor("not-a-cursor")).toThrow(/cursor is not valid/);
    expect(() => decodeCursor(Buffer.from(JSON.stringify({ v: 2, after: 1 })).toString("base64url"))).toThrow();
  });

  it("uses the extra row only to know whether another page exists", () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const page = toPage(rows, 2, (r) => r.id, (r) => r.id * 10);
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor(page.nextCursor!)).toBe(2);
    expect(toPage(rows.slice(0, 2), 2, (r) => r.id, (r) => r).nextCursor).toBeNull();
  });

  it("has no undefined cursor for an empty page", () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(toPage([], 5, () => 0, (r) => r)).toEqual({ items: [], nextCursor: null });
  });
});

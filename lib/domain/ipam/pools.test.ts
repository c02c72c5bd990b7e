import { describe, expect, it } from "vitest";
import { ASN_BASE, ASN_MAX, ASN_MIN, VNI_POOL, firstFreeAsn, firstFreeInRange, firstFreeVni, isMachineAsn } from "./pools";

describe("integer pools", () => {
  it("uses metal-api's ranges: VNI 1..131072, ASN 4210000000 + 1..131072", () => {
    expect(VNI_POOL).toEqual({ min: 1, max: 131_072 });
    expect([ASN_BASE, ASN_MIN, ASN_MAX]).toEqual([4_210_000_000, 4_210_000_001, 4_210_131_072]);
    expect(ASN_MAX).toBeLessThanOrEqual(4_294_967_294); // still a private 4-byte ASN
    expect(isMachineAsn(ASN_MIN) && isMachineAsn(ASN_MAX)).toBe(true);
    expect(isMachineAsn(ASN_BASE) || isMachineAsn(ASN_MAX + 1)).toBe(false);
  });

  it("finds the lowest free integer, ignoring duplicates and values outside the range", () => {
    expect(firstFreeInRange(1, 10, [])).toBe(1);
    expect(firstFreeInRange(1, 10, [0, 1, 1, 2, 4, 11])).toBe(3);
    expect(firstFreeInRange(1, 3, [1, 2, 3])).toBeNull();
    expect(firstFreeInRange(5, 4, [])).toBeNull();
    expect(firstFreeVni([1, 2, 3])).toBe(4);
    expect(firstFreeAsn([ASN_MIN, ASN_MIN + 2])).toBe(ASN_MIN + 1);
  });

  it("fills a full pool and then says so, in one pass", () => {
    const all = Array.from({ length: VNI_POOL.max }, (_, i) => i + 1);
    expect(firstFreeVni(all)).toBeNull();
    expect(firstFreeVni(all.filter((n) => n !== 77_777))).toBe(77_777);
  });

  it("throws on unsorted input or unsafe bounds", () => {
    expect(() => firstFreeInRange(1, 10, [3, 1])).toThrow(/sorted ascending/);
    expect(() => firstFreeInRange(1, 2 ** 60, [])).toThrow(RangeError);
  });
});

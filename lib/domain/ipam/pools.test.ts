import { describe, expect, it } from "vitest";
import { ASN_BASE, ASN_MAX, ASN_MIN, VNI_POOL } from "./pools";

describe("integer pools", () => {
  it("uses metal-api's ranges: VNI 1..131072, ASN 4210000000 + 1..131072", () => {
    expect(VNI_POOL).toEqual({ min: 1, max: 131_072 });
    expect([ASN_BASE, ASN_MIN, ASN_MAX]).toEqual([4_210_000_000, 4_210_000_001, 4_210_131_072]);
    expect(ASN_MAX).toBeLessThanOrEqual(4_294_967_294); // still a private 4-byte ASN
  });
});

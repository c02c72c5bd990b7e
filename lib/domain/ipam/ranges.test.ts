import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { alignedFit, carve, chunkRange, merge } from "./ranges";

describe("free ranges", () => {
  it("finds the lowest aligned block that fits", () => {
    expect(alignedFit({ start: 0n, end: 255n }, 256n)).toBe(0n);
    expect(alignedFit({ start: 1n, end: 511n }, 256n)).toBe(256n);
    expect(alignedFit({ start: 1n, end: 510n }, 256n)).toBeNull();
    expect(alignedFit({ start: 10n, end: 10n }, 1n)).toBe(10n);
  });

  it("carves a block out, leaving the pieces on either side", () => {
    expect(carve({ start: 0n, end: 9n }, 3n, 4n)).toEqual([{ start: 0n, end: 2n }, { start: 5n, end: 9n }]);
    expect(carve({ start: 0n, end: 9n }, 0n, 9n)).toEqual([]);
    expect(() => carve({ start: 5n, end: 9n }, 4n, 6n)).toThrow();
  });

  it("chunks without losing or duplicating an address", () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 5000n }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), (start, len, chunk, max) => {
      const pieces = chunkRange({ start, end: start + len }, BigInt(chunk), max);
      expect(pieces.length).toBeLessThanOrEqual(max);
      expect(pieces[0].start).toBe(start);
      expect(pieces[pieces.length - 1].end).toBe(start + len);
      for (let i = 1; i < pieces.length; i++) expect(pieces[i].start).toBe(pieces[i - 1].end + 1n);
    }));
  });

  it("merges a released block with touching neighbours", () => {
    expect(merge({ start: 5n, end: 6n }, [{ start: 0n, end: 4n }, { start: 7n, end: 9n }])).toEqual({ start: 0n, end: 9n });
    expect(() => merge({ start: 5n, end: 6n }, [{ start: 0n, end: 3n }])).toThrow();
  });
});

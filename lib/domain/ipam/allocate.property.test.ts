import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { familyBits, type IpFamily } from "./address";
import { firstFreeChildPrefix, firstFreeIp, isSpecificChildFree, isSpecificIpFree, type ChildStrategy } from "./allocate";
import { comparePrefix, lastAddress, makePrefix, prefixContainsPrefix, prefixesOverlap, prefixOf, prefixSize, type Prefix } from "./prefix";
import { nthChild } from "./split";
import { firstUsable, lastUsable, reservedKind, usableIpCount } from "./usable";

/**
 * Random acquire/release sequences against an in-memory model. Each expected answer comes
 * from a deliberately naive oracle (step through addresses / enumerate every child), so the
 * gap-walking algorithms are checked against something that obviously cannot be wrong.
 */

const prefixArb = (family: IpFamily, minLength: number, maxLength: number) =>
  fc
    .tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(familyBits(family))) - 1n }), fc.integer({ min: minLength, max: maxLength }))
    .map(([value, length]) => prefixOf({ family, value }, length));

const byValue = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

type IpOp = { kind: "acquire" } | { kind: "release"; pick: number } | { kind: "specific"; offset: bigint };
const ipOps = fc.array(
  fc.oneof(
    { arbitrary: fc.constant<IpOp>({ kind: "acquire" }), weight: 5 },
    { arbitrary: fc.nat().map<IpOp>((pick) => ({ kind: "release", pick })), weight: 2 },
    { arbitrary: fc.bigInt({ min: 0n, max: 1n << 40n }).map<IpOp>((offset) => ({ kind: "specific", offset })), weight: 2 },
  ),
  { maxLength: 300 },
);

/** The obviously-correct answer: step upwards from the first usable address. */
function naiveFirstFree(p: Prefix, used: Set<bigint>): bigint | null {
  const first = firstUsable(p);
  const last = lastUsable(p);
  if (first === null || last === null) return null;
  let c = first;
  while (c <= last && used.has(c)) c++;
  return c <= last ? c : null;
}

function runIpModel(p: Prefix, ops: IpOp[]): void {
  const used = new Set<bigint>();
  const sorted = () => [...used].sort(byValue);
  for (const op of ops) {
    if (op.kind === "acquire") {
      const got = firstFreeIp(p, sorted());
      expect(got).toBe(naiveFirstFree(p, used));
      if (got === null) {
        expect(BigInt(used.size)).toBe(usableIpCount(p)); // "exhausted" means really full
        continue;
      }
      expect(used.has(got)).toBe(false); // never handed out twice
      expect(got >= p.network && got <= lastAddress(p)).toBe(true);
      if (p.family === 4 && p.length <= 30) {
        expect(got).not.toBe(p.network);
        expect(got).not.toBe(lastAddress(p));
      }
      if (p.family === 6 && p.length < 128) expect(got).not.toBe(p.network);
      used.add(got);
    } else if (op.kind === "release") {
      if (used.size === 0) continue;
      const released = sorted()[op.pick % used.size];
      const before = firstFreeIp(p, sorted());
      used.delete(released);
      const after = firstFreeIp(p, sorted());
      // Releasing restores the address: it is next in line unless a lower one was already free.
      expect(after).toBe(before === null || released < before ? released : before);
    } else {
      const value = p.network - 1n + (op.offset % (prefixSize(p) + 2n));
      if (value < 0n || value > (1n << BigInt(familyBits(p.family))) - 1n) continue;
      const check = isSpecificIpFree(p, { family: p.family, value }, sorted());
      const inside = value >= p.network && value <= lastAddress(p);
      expect(check.free).toBe(inside && reservedKind(p, value) === null && !used.has(value));
      if (check.free) used.add(value);
    }
  }
}

describe("IP allocation (property)", () => {
  it("IPv4: never twice, never network/broadcast, release restores availability", () => {
    fc.assert(fc.property(prefixArb(4, 23, 32), ipOps, runIpModel), { numRuns: 300 });
  });

  it("IPv6: never twice, never the subnet-router anycast, release restores availability", () => {
    fc.assert(fc.property(fc.oneof(prefixArb(6, 119, 128), prefixArb(6, 48, 64)), ipOps, runIpModel), { numRuns: 300 });
  });
});

type ChildOp =
  | { kind: "acquire"; delta: number; strategy: ChildStrategy }
  | { kind: "release"; pick: number }
  | { kind: "specific"; delta: number; index: number };
const childOps = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("acquire" as const), delta: fc.integer({ min: 1, max: 6 }), strategy: fc.constantFrom<ChildStrategy>("lowest", "best-fit") }), weight: 5 },
    { arbitrary: fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("specific" as const), delta: fc.integer({ min: 0, max: 6 }), index: fc.nat() }), weight: 2 },
  ),
  { maxLength: 120 },
);

/** The obviously-correct lowest child: try every child of that length in order. */
function naiveLowestChild(parent: Prefix, length: number, used: Prefix[]): Prefix | null {
  const count = 1 << (length - parent.length);
  for (let i = 0; i < count; i++) {
    const c = nthChild(parent, length, i);
    if (!used.some((u) => prefixesOverlap(u, c))) return c;
  }
  return null;
}

/**
 * go-ipam's best fit, spelled out naively: grow every free child to the largest free aligned
 * block around it; take the first child whose block is smallest. Blocks are entered at their
 * start when walking upwards, so that first child is the start of the chosen block.
 */
function naiveBestFit(parent: Prefix, length: number, used: Prefix[]): Prefix | null {
  const isFree = (c: Prefix) => !used.some((u) => prefixesOverlap(u, c));
  let best: { child: Prefix; blockLength: number } | null = null;
  for (let i = 0; i < 1 << (length - parent.length); i++) {
    const c = nthChild(parent, length, i);
    if (!isFree(c)) continue;
    let blockLength = length;
    while (blockLength > parent.length && isFree(prefixOf({ family: c.family, value: c.network }, blockLength - 1))) blockLength--;
    if (best === null || blockLength > best.blockLength) best = { child: c, blockLength };
  }
  return best?.child ?? null;
}

function runChildModel(parent: Prefix, ops: ChildOp[]): void {
  const bits = familyBits(parent.family);
  let used: Prefix[] = [];
  const add = (c: Prefix) => (used = [...used, c].sort(comparePrefix));
  for (const op of ops) {
    if (op.kind === "acquire") {
      const length = Math.min(parent.length + op.delta, bits);
      if (length <= parent.length) continue;
      const got = firstFreeChildPrefix(parent, length, used, { strategy: op.strategy });
      const lowest = naiveLowestChild(parent, length, used);
      expect(got).toEqual(op.strategy === "lowest" ? lowest : naiveBestFit(parent, length, used));
      expect(got === null).toBe(lowest === null); // best-fit finds one whenever one exists
      if (got === null) continue;
      expect(got.length).toBe(length);
      expect(() => makePrefix(got.family, got.network, got.length)).not.toThrow(); // aligned
      expect(prefixContainsPrefix(parent, got)).toBe(true); // never leaves the parent
      expect(used.some((u) => prefixesOverlap(u, got))).toBe(false); // never overlaps
      add(got);
    } else if (op.kind === "release") {
      if (used.length === 0) continue;
      const released = used[op.pick % used.length];
      const before = firstFreeChildPrefix(parent, released.length, used);
      used = used.filter((u) => u !== released);
      const after = firstFreeChildPrefix(parent, released.length, used);
      expect(after).toEqual(before === null || released.network < before.network ? released : before);
    } else {
      const length = Math.min(parent.length + op.delta, bits);
      const candidate = length === parent.length ? parent : nthChild(parent, length, op.index % (1 << (length - parent.length)));
      const check = isSpecificChildFree(parent, candidate, used);
      expect(check.free).toBe(length > parent.length && !used.some((u) => prefixesOverlap(u, candidate)));
      if (check.free) add(candidate);
    }
  }
  // Final state: children are pairwise disjoint and all inside the parent.
  used.forEach((a, i) => {
    expect(prefixContainsPrefix(parent, a)).toBe(true);
    used.slice(i + 1).forEach((b) => expect(prefixesOverlap(a, b)).toBe(false));
  });
}

describe("child prefix allocation (property)", () => {
  it("IPv4: children never overlap or leave the parent; release restores availability", () => {
    fc.assert(fc.property(prefixArb(4, 8, 30), childOps, runChildModel), { numRuns: 200 });
  });

  it("IPv6: the same, including /127 and /128 children", () => {
    fc.assert(fc.property(fc.oneof(prefixArb(6, 32, 64), prefixArb(6, 120, 127)), childOps, runChildModel), { numRuns: 200 });
  });
});

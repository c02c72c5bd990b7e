import { familyBits, type IpFamily } from "./address";
import { lastAddress, type Prefix } from "./prefix";

/**
 * The free space of a parent prefix, derived from its used children in one pass.
 *
 * Used children come from the database as rows ordered by network; we never materialise the
 * parent's addresses or children. Everything here is O(children), plus O(bits) per free range
 * when it has to be cut into CIDR blocks.
 */

/** A used child as stored: its family is the parent's. */
export type UsedChild = Pick<Prefix, "network" | "length">;

/** Inclusive address range. */
export interface AddressRange {
  readonly start: bigint;
  readonly end: bigint;
}

export function childLast(family: IpFamily, child: UsedChild): bigint {
  return child.network + (1n << BigInt(familyBits(family) - child.length)) - 1n;
}

/**
 * Guards the one precondition every walk relies on. An unsorted list (say, ordered as text)
 * would make a walk step past a used entry and hand it out again, so it fails loudly instead.
 * Throws a plain Error (a bug, not user input); duplicates are tolerated.
 */
export function assertSorted<T>(values: readonly T[], key: (v: T) => bigint, what: string): void {
  for (let i = 1; i < values.length; i++) {
    if (key(values[i]) < key(values[i - 1])) {
      throw new Error(`${what} must be sorted ascending (index ${i} is smaller than index ${i - 1})`);
    }
  }
}

/**
 * Free ranges of `parent`, lowest first. Children may have different lengths; parts of a
 * child outside the parent are ignored, and overlapping children (never valid, but cheap to
 * tolerate) simply merge.
 */
export function freeRanges(parent: Prefix, usedChildrenSorted: readonly UsedChild[]): AddressRange[] {
  const end = lastAddress(parent);
  const ranges: AddressRange[] = [];
  let cursor = parent.network; // lowest address not yet known to be used
  assertSorted(usedChildrenSorted, (c) => c.network, "used children");
  for (const child of usedChildrenSorted) {
    const childEnd = childLast(parent.family, child);
    if (childEnd < cursor) continue;
    if (child.network > end) break;
    if (child.network > cursor) ranges.push({ start: cursor, end: child.network - 1n });
    if (childEnd >= end) return ranges;
    cursor = childEnd + 1n;
  }
  ranges.push({ start: cursor, end });
  return ranges;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Minimal CIDR cover of a range, lowest first (what go-ipam reports as AvailablePrefixes).
 * Each step takes the largest block that is both aligned at `start` and fits before `end`.
 */
export function rangeToPrefixes(family: IpFamily, range: AddressRange): Prefix[] {
  const bits = familyBits(family);
  const out: Prefix[] = [];
  let start = range.start;
  while (start <= range.end) {
    // start & -start isolates the lowest set bit: the largest alignment start has.
    const alignBits = start === 0n ? bits : bitLength(start & -start) - 1;
    const fitBits = bitLength(range.end - start + 1n) - 1;
    const hostBits = Math.min(alignBits, fitBits);
    out.push({ family, network: start, length: bits - hostBits });
    start += 1n << BigInt(hostBits);
  }
  return out;
}

/** Number of aligned blocks of `length` that fit in the free blocks (blocks too small count 0). */
export function countFreeBlocks(blocks: readonly Prefix[], length: number): bigint {
  let total = 0n;
  for (const b of blocks) {
    if (b.length <= length) total += 1n << BigInt(length - b.length);
  }
  return total;
}

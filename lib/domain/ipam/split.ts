import { familyBits } from "./address";
import { IpamInputError } from "./errors";
import { assertLength, type Prefix } from "./prefix";

/**
 * Enumerating the children of a prefix. A /48 holds 2^16 /64s and a /32 holds 2^96 /128s, so
 * nothing here builds a full list: counts are bigint, `splitPrefix` is lazy, and `nthChild`
 * jumps straight to a child by index.
 */

/** go-ipam refuses a child as long as (or shorter than) its parent; so do we. */
export function assertChildLength(parent: Prefix, childLength: number): void {
  assertLength(parent.family, childLength);
  if (childLength <= parent.length) {
    throw new IpamInputError(
      "invalid_length",
      `child length /${childLength} must be longer than the parent's /${parent.length}`,
    );
  }
}

/** Number of children of `childLength` in `parent` (2^(childLength - parent.length)). */
export function childCount(parent: Prefix, childLength: number): bigint {
  assertChildLength(parent, childLength);
  return 1n << BigInt(childLength - parent.length);
}

/** The n-th (0-based) child of `childLength` in address order. */
export function nthChild(parent: Prefix, childLength: number, n: bigint | number): Prefix {
  const index = BigInt(n);
  const count = childCount(parent, childLength);
  if (index < 0n || index >= count) {
    throw new RangeError(`child index ${index} out of range: /${parent.length} has ${count} /${childLength} children`);
  }
  const childSize = 1n << BigInt(familyBits(parent.family) - childLength);
  return { family: parent.family, network: parent.network + index * childSize, length: childLength };
}

/** Lazily yields every child of `newLength`, lowest first. Stop early; do not spread a /8 into /32s. */
export function* splitPrefix(parent: Prefix, newLength: number): Generator<Prefix, void, undefined> {
  const count = childCount(parent, newLength);
  const childSize = 1n << BigInt(familyBits(parent.family) - newLength);
  for (let i = 0n; i < count; i++) {
    yield { family: parent.family, network: parent.network + i * childSize, length: newLength };
  }
}


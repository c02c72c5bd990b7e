import { familyBits } from "./address";
import { countFreeBlocks, freeRanges, rangeToPrefixes, type UsedChild } from "./free-space";
import { assertLength, prefixSize, type Prefix } from "./prefix";
import { reservedIpCount, usableIpCount } from "./usable";

/**
 * Usage figures of one prefix, shaped like go-ipam's `Prefix.Usage()` so numbers match what
 * metal-stack users know, plus `freeIps`, which go-ipam lacks and a UI actually wants.
 *
 * Differences from go-ipam, on purpose:
 * - Counts are exact bigints. go-ipam caps AvailableIPs and AvailableSmallestPrefixes at
 *   2^31-1 because they are uint64 and 2^64 (a /64) would not fit.
 * - The reserved addresses follow usable.ts (IPv4 /31 and /32 reserve nothing).
 * - `availablePrefixes` can count any child length; go-ipam only counts its "smallest" one,
 *   /30 for IPv4 and /126 for IPv6 (address bits − 2), which stays our default.
 */
export interface PrefixUsage {
  /** Every address of the prefix. go-ipam's AvailableIPs: a size, not a free count. */
  availableIps: bigint;
  /** Acquired addresses plus the reserved network (and IPv4 broadcast): go-ipam's AcquiredIPs. */
  acquiredIps: bigint;
  /** Addresses that could still be acquired: usable minus acquired. Ours, not go-ipam's. */
  freeIps: bigint;
  /** The child length `availablePrefixes` counts. */
  childLength: number;
  /** Aligned free children of `childLength`: go-ipam's AvailableSmallestPrefixes, generalised. */
  availablePrefixes: bigint;
  /** Number of acquired child prefixes: go-ipam's AcquiredPrefixes. */
  acquiredPrefixes: number;
  /** Minimal CIDR cover of the space no child uses, lowest first: go-ipam's AvailablePrefixes. */
  freeBlocks: Prefix[];
}

/**
 * `usedIpCount` counts acquired addresses only, not the reserved ones (added here).
 * `childPrefixesSorted` are the acquired children, sorted by network.
 *
 * As in go-ipam, IP and prefix figures are computed independently; the service must still
 * enforce that a prefix holds either IPs or children, never both (go-ipam: "prefix has ips,
 * acquire child prefix not possible" / "prefix has childprefixes, acquire ip not possible").
 */
export function prefixUsage(
  prefix: Prefix,
  usedIpCount: bigint | number,
  childPrefixesSorted: readonly UsedChild[],
  options: { childLength?: number } = {},
): PrefixUsage {
  const used = BigInt(usedIpCount);
  if (used < 0n) throw new RangeError(`usedIpCount must not be negative, got ${used}`);
  const childLength = options.childLength ?? familyBits(prefix.family) - 2;
  assertLength(prefix.family, childLength);

  const freeBlocks = freeRanges(prefix, childPrefixesSorted).flatMap((r) => rangeToPrefixes(prefix.family, r));
  const free = usableIpCount(prefix) - used;
  return {
    availableIps: prefixSize(prefix),
    acquiredIps: used + reservedIpCount(prefix),
    freeIps: free > 0n ? free : 0n,
    childLength,
    availablePrefixes: countFreeBlocks(freeBlocks, childLength),
    acquiredPrefixes: childPrefixesSorted.length,
    freeBlocks,
  };
}

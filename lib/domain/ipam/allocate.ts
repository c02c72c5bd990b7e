import { familyBits, formatIp, ipToString, type IpAddress } from "./address";
import { assertSorted, childLast, freeRanges, rangeToPrefixes, type UsedChild } from "./free-space";
import { formatPrefix, lastAddress, prefixContains, prefixContainsPrefix, type Prefix } from "./prefix";
import { assertChildLength } from "./split";
import { firstUsable, lastUsable, reservedKind } from "./usable";

/**
 * Pure "what is free?" algorithms. The database layer reads the used addresses / children of
 * one prefix (ORDER BY the numeric address), asks these functions for a candidate, and inserts
 * it under a constraint (unique for IPs, an `&&` exclusion constraint for child prefixes); a
 * concurrent winner makes the insert fail and it asks again.
 * So these functions decide *which* address, never *whether it is still free right now*.
 *
 * Both walks are O(len(used)). A binary search over gaps could find the first free address in
 * O(log n), but it is only correct for a strictly ascending, duplicate-free list, and checking
 * that is itself O(n) — and not checking it risks handing out an address twice. At 60k
 * entries check + walk take a few milliseconds, so we keep the simple, checked version.
 */

/**
 * Lowest usable address of `prefix` that is not in `usedSorted`, or null when the prefix is
 * exhausted. Reserved addresses (see usable.ts) are skipped by construction, whether or not
 * the caller lists them; used values outside the prefix are ignored.
 */
export function firstFreeIp(prefix: Prefix, usedSorted: readonly bigint[]): bigint | null {
  assertSorted(usedSorted, (v) => v, "used addresses");
  const first = firstUsable(prefix);
  const last = lastUsable(prefix);
  if (first === null || last === null) return null;

  let candidate = first;
  for (const used of usedSorted) {
    if (used < candidate) continue; // below the prefix, or a duplicate already stepped over
    if (used > candidate) break; // a gap: candidate is free
    candidate++;
    if (candidate > last) return null;
  }
  return candidate;
}

/**
 * - `lowest` (default): the lowest aligned free child. Predictable, and what people expect to
 *   see ("the next /24").
 * - `best-fit`: go-ipam's choice (netipx IPSet.RemoveFreePrefix): take the smallest free CIDR
 *   block that can hold the child (the first such block on a tie) and carve the child from its
 *   start. It keeps large blocks whole for large requests, at the price of less obvious picks.
 */
export type ChildStrategy = "lowest" | "best-fit";

/**
 * A free child of `childLength` inside `parent` overlapping none of the used children (which
 * may have any lengths and must be sorted by network), or null when none fits.
 */
export function firstFreeChildPrefix(
  parent: Prefix,
  childLength: number,
  usedChildrenSorted: readonly UsedChild[],
  options: { strategy?: ChildStrategy } = {},
): Prefix | null {
  assertChildLength(parent, childLength);
  const ranges = freeRanges(parent, usedChildrenSorted);
  const make = (network: bigint): Prefix => ({ family: parent.family, network, length: childLength });

  if (options.strategy === "best-fit") {
    let best: Prefix | null = null;
    for (const range of ranges) {
      for (const block of rangeToPrefixes(parent.family, range)) {
        if (block.length > childLength) continue;
        if (block.length === childLength) return make(block.network);
        if (best === null || block.length > best.length) best = block;
      }
    }
    return best === null ? null : make(best.network);
  }

  // Jump from each free range's start to the next boundary aligned for the child.
  const size = 1n << BigInt(familyBits(parent.family) - childLength);
  for (const range of ranges) {
    const aligned = ((range.start + size - 1n) / size) * size;
    if (aligned + size - 1n <= range.end) return make(aligned);
  }
  return null;
}

/** Result of a "may I have exactly this one?" check; `message` is fit to show the requester. */
export type FreeCheck<Reason extends string> = { free: true } | { free: false; reason: Reason; message: string };

export type IpNotFreeReason = "outside_prefix" | "network_address" | "broadcast_address" | "already_used";

/**
 * Whether a specific address may be acquired from `prefix`. go-ipam answers every refusal of
 * a reserved address with "already allocated" (it stores them as used IPs); we name the real
 * reason. `used` need not be sorted: a linear scan is cheap and safe against any order.
 */
export function isSpecificIpFree(prefix: Prefix, ip: IpAddress, used: readonly bigint[]): FreeCheck<IpNotFreeReason> {
  const text = ipToString(ip);
  const where = formatPrefix(prefix);
  if (!prefixContains(prefix, ip)) {
    return { free: false, reason: "outside_prefix", message: `${text} is not in ${where}` };
  }
  const reserved = reservedKind(prefix, ip.value);
  if (reserved === "network") {
    const name = prefix.family === 4 ? "network address" : "subnet-router anycast address";
    return { free: false, reason: "network_address", message: `${text} is the ${name} of ${where} and is never handed out` };
  }
  if (reserved === "broadcast") {
    return { free: false, reason: "broadcast_address", message: `${text} is the broadcast address of ${where} and is never handed out` };
  }
  if (used.includes(ip.value)) {
    return { free: false, reason: "already_used", message: `${text} is already in use` };
  }
  return { free: true };
}

export type ChildNotFreeReason = "not_longer" | "outside_parent" | "overlaps_used";

/**
 * Whether a specific child may be acquired from `parent`: strictly longer than the parent
 * (as go-ipam requires), inside it, and overlapping no used child. Order of `usedChildren`
 * does not matter.
 */
export function isSpecificChildFree(
  parent: Prefix,
  child: Prefix,
  usedChildren: readonly UsedChild[],
): FreeCheck<ChildNotFreeReason> {
  const text = formatPrefix(child);
  const where = formatPrefix(parent);
  if (!prefixContainsPrefix(parent, child)) {
    return { free: false, reason: "outside_parent", message: `${text} is not inside ${where}` };
  }
  if (child.length <= parent.length) {
    return { free: false, reason: "not_longer", message: `${text} must be longer than the parent's /${parent.length}` };
  }
  const childEnd = lastAddress(child);
  const conflict = usedChildren.find((u) => u.network <= childEnd && childLast(parent.family, u) >= child.network);
  if (conflict) {
    const used = `${formatIp(parent.family, conflict.network)}/${conflict.length}`;
    return { free: false, reason: "overlaps_used", message: `${text} overlaps ${used}, which is already in use` };
  }
  return { free: true };
}

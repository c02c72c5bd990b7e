import { familyBits, formatIp, parseIp, type IpAddress, type IpFamily } from "./address";
import { IpamInputError, quote, tryParse, type ParseResult } from "./errors";

/**
 * A CIDR prefix. `network` always has its host bits clear: every constructor enforces it, so
 * containment and overlap are two comparisons and two prefixes are equal iff their fields are.
 */
export interface Prefix {
  readonly family: IpFamily;
  readonly network: bigint;
  readonly length: number;
}

const LENGTH = /^(0|[1-9]\d{0,2})$/;

/**
 * Parses `address/length`. A prefix with host bits set (`10.0.0.1/24`) is refused with its own
 * code and the masked prefix as a suggestion: silently masking (as netip's Masked() would)
 * turns a typo into a different, possibly someone else's, network.
 */
export function parsePrefix(s: string): Prefix {
  const slash = s.indexOf("/");
  if (slash < 0 || slash !== s.lastIndexOf("/")) {
    throw new IpamInputError("invalid_prefix", `not a CIDR prefix: ${quote(s)} (expected address/length, e.g. 10.0.0.0/24)`);
  }
  const lengthText = s.slice(slash + 1);
  let ip: IpAddress;
  try {
    ip = parseIp(s.slice(0, slash));
  } catch (e) {
    if (!(e instanceof IpamInputError)) throw e;
    throw new IpamInputError("invalid_prefix", `not a CIDR prefix: ${quote(s)} (${e.message})`);
  }
  if (!LENGTH.test(lengthText)) {
    throw new IpamInputError("invalid_prefix", `not a CIDR prefix: ${quote(s)} (bad length ${quote(lengthText)})`);
  }
  return makePrefix(ip.family, ip.value, Number(lengthText));
}

export function tryParsePrefix(s: string): ParseResult<Prefix> {
  return tryParse(parsePrefix, s);
}

/** Builds a prefix from numbers, with the same checks as parsing. */
export function makePrefix(family: IpFamily, network: bigint, length: number): Prefix {
  assertLength(family, length);
  const masked = maskAddress(family, network, length);
  if (masked !== network) {
    const suggestion = `${formatIp(family, masked)}/${length}`;
    throw new IpamInputError("host_bits_set", `host bits set: did you mean ${suggestion}?`, suggestion);
  }
  return { family, network, length };
}

/** The prefix of the given length that contains `ip` (what a host's `addr/len` belongs to). */
export function prefixOf(ip: IpAddress, length: number): Prefix {
  assertLength(ip.family, length);
  return { family: ip.family, network: maskAddress(ip.family, ip.value, length), length };
}

export function assertLength(family: IpFamily, length: number): void {
  const bits = familyBits(family);
  if (!Number.isInteger(length) || length < 0 || length > bits) {
    throw new IpamInputError("invalid_length", `prefix length /${length} is out of range for IPv${family} (0-${bits})`);
  }
}

function maskAddress(family: IpFamily, value: bigint, length: number): bigint {
  const hostBits = BigInt(familyBits(family) - length);
  return (value >> hostBits) << hostBits;
}

export function formatPrefix(p: Prefix): string {
  return `${formatIp(p.family, p.network)}/${p.length}`;
}

/** Number of addresses, as bigint because an IPv6 /64 alone holds 2^64. */
export function prefixSize(p: Prefix): bigint {
  return 1n << BigInt(familyBits(p.family) - p.length);
}

/** Highest address of the prefix (the IPv4 broadcast address). */
export function lastAddress(p: Prefix): bigint {
  return p.network + prefixSize(p) - 1n;
}

export function prefixContains(p: Prefix, ip: IpAddress): boolean {
  return p.family === ip.family && ip.value >= p.network && ip.value <= lastAddress(p);
}

/** True when `inner` lies entirely inside `outer` (a prefix contains itself). */
export function prefixContainsPrefix(outer: Prefix, inner: Prefix): boolean {
  return outer.family === inner.family && inner.length >= outer.length && inner.network >= outer.network && inner.network <= lastAddress(outer);
}

/** Aligned blocks either nest or are disjoint, so overlap means one contains the other. */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  return prefixContainsPrefix(a, b) || prefixContainsPrefix(b, a);
}

/** Family, then network, then shorter (bigger) prefix first — the order Postgres uses for `cidr`. */
export function comparePrefix(a: Prefix, b: Prefix): -1 | 0 | 1 {
  if (a.family !== b.family) return a.family < b.family ? -1 : 1;
  if (a.network !== b.network) return a.network < b.network ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function prefixEquals(a: Prefix, b: Prefix): boolean {
  return comparePrefix(a, b) === 0;
}

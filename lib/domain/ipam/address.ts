import { IpamInputError, quote, tryParse, type ParseResult } from "./errors";

/**
 * IP addresses as unsigned integers. bigint covers IPv6's 128 bits exactly, so arithmetic
 * (next address, range ends, alignment) is plain integer maths for both families and the
 * database can store the same numbers in `numeric`/`inet` without a string round trip.
 */
export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

export function familyBits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

export function maxAddress(family: IpFamily): bigint {
  return (1n << BigInt(familyBits(family))) - 1n;
}

// No valid address is longer than 45 characters; the cap keeps junk out of the regexes.
const MAX_INPUT = 64;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses dotted-quad IPv4 or any RFC 4291 §2.2 IPv6 text form (`::` compression, embedded
 * IPv4 in the last 32 bits). Like Go's netip (what go-ipam uses) it rejects IPv4 octets with
 * leading zeros — `010.0.0.1` is octal to some tools and decimal to others — and rejects
 * zones (`fe80::1%eth0`): a zone names a local interface and has no meaning in IPAM.
 * `::ffff:1.2.3.4` stays an IPv6 address (as in netip), so it never matches an IPv4 prefix.
 */
export function parseIp(s: string): IpAddress {
  if (s.length > MAX_INPUT) throw invalid(s, "too long");
  if (s.includes(":")) return { family: 6, value: parseV6(s) };
  return { family: 4, value: parseV4(s) };
}

export function tryParseIp(s: string): ParseResult<IpAddress> {
  return tryParse(parseIp, s);
}

function invalid(s: string, why: string): IpamInputError {
  return new IpamInputError("invalid_ip", `not a valid IP address: ${quote(s)} (${why})`);
}

function parseV4(s: string, whole = s): bigint {
  const m = IPV4.exec(s);
  if (!m) throw invalid(whole, "expected four decimal octets like 10.0.0.1 or an IPv6 address");
  let value = 0n;
  for (const octet of m.slice(1)) {
    if (octet.length > 1 && octet.startsWith("0")) throw invalid(whole, "IPv4 octet with a leading zero");
    const n = Number(octet);
    if (n > 255) throw invalid(whole, "IPv4 octet greater than 255");
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(s: string): bigint {
  if (s.includes("%")) throw invalid(s, "IPv6 zones such as %eth0 are not supported");
  const halves = s.split("::");
  if (halves.length > 2) throw invalid(s, "'::' may appear only once");
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const tail = halves.length === 1 || halves[1] === "" ? [] : halves[1].split(":");
  const tokens = [...head, ...tail];

  const groups: number[] = [];
  tokens.forEach((token, i) => {
    if (token.includes(".")) {
      // Embedded IPv4 only makes sense as the final 32 bits of the address.
      const isLast = i === tokens.length - 1 && !s.endsWith("::");
      if (!isLast) throw invalid(s, "embedded IPv4 must be at the end");
      const v4 = parseV4(token, s);
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (HEX_GROUP.test(token)) {
      groups.push(parseInt(token, 16));
    } else {
      throw invalid(s, token === "" ? "empty group" : `bad group ${quote(token)}`);
    }
  });

  const compressed = halves.length === 2;
  if (compressed ? groups.length > 7 : groups.length !== 8) {
    throw invalid(s, compressed ? "too many groups around '::'" : "expected 8 groups or '::'");
  }
  // Head tokens are never dotted (that would not be last), so they map 1:1 to groups.
  const zeros = Array<number>(8 - groups.length).fill(0);
  const full = [...groups.slice(0, head.length), ...zeros, ...groups.slice(head.length)];
  return full.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/**
 * Canonical text: dotted quad for IPv4; RFC 5952 for IPv6 — lowercase, no leading zeros,
 * the longest run (first on a tie) of two or more zero groups as `::`. IPv4-mapped addresses
 * use the mixed form `::ffff:1.2.3.4` (RFC 5952 §5), which is also what Go prints, so keys
 * written by either side compare equal.
 */
export function formatIp(family: IpFamily, value: bigint): string {
  assertInRange(family, value);
  if (family === 4) return formatV4(value);
  if (value >> 32n === 0xffffn) return `::ffff:${formatV4(value & 0xffffffffn)}`;

  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
}

export function ipToString(ip: IpAddress): string {
  return formatIp(ip.family, ip.value);
}

function assertInRange(family: IpFamily, value: bigint): void {
  if (family !== 4 && family !== 6) throw new RangeError(`unknown address family ${String(family)}`);
  if (value < 0n || value > maxAddress(family)) {
    throw new RangeError(`${value} is not an IPv${family} address value`);
  }
}

/** Total order: all IPv4 before all IPv6 (as Postgres orders `inet`), then numerically. */
export function compareIp(a: IpAddress, b: IpAddress): -1 | 0 | 1 {
  if (a.family !== b.family) return a.family < b.family ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Address arithmetic that refuses to wrap: 255.255.255.255 + 1 is an error, not 0.0.0.0. */
export function addIp(ip: IpAddress, delta: bigint | number): IpAddress {
  const value = ip.value + BigInt(delta);
  if (value < 0n || value > maxAddress(ip.family)) {
    throw new RangeError(`${ipToString(ip)} + ${delta} leaves the IPv${ip.family} address space`);
  }
  return { family: ip.family, value };
}

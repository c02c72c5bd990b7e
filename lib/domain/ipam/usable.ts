import { lastAddress, prefixSize, type Prefix } from "./prefix";

/**
 * Which addresses of a prefix may be handed out.
 *
 * go-ipam (prefix.go, newPrefix) pre-acquires the first address of every prefix and, for
 * IPv4 only, the last one ("broadcast is ipv4 only") — whatever the length. We follow it with
 * one deliberate exception:
 *
 * - IPv4 /0–/30: network and broadcast are reserved (as go-ipam).
 * - IPv4 /31: both addresses usable (RFC 3021 point-to-point links have no network or
 *   broadcast address). go-ipam reserves both, leaving a /31 with nothing to hand out.
 * - IPv4 /32: the single address is usable (a host route such as a floating IP). go-ipam
 *   reserves it, again leaving nothing.
 * - IPv6, every length: only the network address is reserved — it is the subnet-router
 *   anycast address (RFC 4291 §2.6.1) — and the last address is usable (IPv6 has no
 *   broadcast). This is exactly go-ipam, including its edge cases: a /127 has one usable
 *   address and a /128 has none. We keep those rather than apply RFC 6164 so that a prefix
 *   offers the same addresses here as in go-ipam-backed metal-stack installations.
 */
export type ReservedKind = "network" | "broadcast";

export function reservedKind(p: Prefix, value: bigint): ReservedKind | null {
  if (p.family === 4 && p.length >= 31) return null;
  if (value === p.network) return "network";
  if (p.family === 4 && value === lastAddress(p)) return "broadcast";
  return null;
}

/** How many addresses of the prefix are reserved and never handed out (0, 1 or 2). */
export function reservedIpCount(p: Prefix): bigint {
  if (p.family === 4) return p.length >= 31 ? 0n : 2n;
  return 1n;
}

/** Lowest address that may be handed out, or null when there is none (IPv6 /128). */
export function firstUsable(p: Prefix): bigint | null {
  if (p.family === 4 && p.length >= 31) return p.network;
  return p.family === 6 && p.length === 128 ? null : p.network + 1n;
}

/** Highest address that may be handed out, or null when there is none (IPv6 /128). */
export function lastUsable(p: Prefix): bigint | null {
  if (p.family === 6) return p.length === 128 ? null : lastAddress(p);
  return p.length >= 31 ? lastAddress(p) : lastAddress(p) - 1n;
}

export function usableIpCount(p: Prefix): bigint {
  return prefixSize(p) - reservedIpCount(p);
}

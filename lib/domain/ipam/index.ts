/**
 * IP address management, pure: parsing and formatting, CIDR arithmetic, which addresses are
 * usable, the integer pools' ranges, and the free-range bookkeeping (ranges.ts) of the engine in
 * lib/services/ipam, which decides what is free in SQL under row locks. No I/O happens here.
 */
export { addIp, compareIp, familyBits, formatIp, ipToString, maxAddress, parseIp, tryParseIp } from "./address";
export type { IpAddress, IpFamily } from "./address";
export { IpamInputError } from "./errors";
export type { IpamErrorCode, ParseResult } from "./errors";
export {
  comparePrefix,
  formatPrefix,
  lastAddress,
  makePrefix,
  parsePrefix,
  prefixContains,
  prefixContainsPrefix,
  prefixEquals,
  prefixesOverlap,
  prefixOf,
  prefixSize,
  tryParsePrefix,
} from "./prefix";
export type { Prefix } from "./prefix";
export { firstUsable, lastUsable, reservedIpCount, reservedKind, usableIpCount } from "./usable";
export type { ReservedKind } from "./usable";
export { ASN_BASE, ASN_INDEX_POOL, ASN_MAX, ASN_MIN, VNI_POOL } from "./pools";
export type { IntegerPool } from "./pools";
export { canonicalIpString, canonicalPrefixString, ipString, ipStringFor, prefixString, prefixStringFor } from "./schemas";

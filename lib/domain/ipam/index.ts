/**
 * IP address management, pure: parsing and formatting, CIDR arithmetic, and the allocation
 * algorithms the database layer calls with state it has read. No I/O happens in this folder.
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
export { childCount, nthChild, splitPrefix } from "./split";
export { freeRanges, rangeToPrefixes } from "./free-space";
export type { AddressRange, UsedChild } from "./free-space";
export { firstFreeChildPrefix, firstFreeIp, isSpecificChildFree, isSpecificIpFree } from "./allocate";
export type { ChildNotFreeReason, ChildStrategy, FreeCheck, IpNotFreeReason } from "./allocate";
export { prefixUsage } from "./usage";
export { ipInNetworks } from "./in-networks";
export type { PrefixUsage } from "./usage";
export {
  ASN_BASE,
  ASN_INDEX_POOL,
  ASN_MAX,
  ASN_MIN,
  VNI_POOL,
  firstFreeAsn,
  firstFreeInRange,
  firstFreeVni,
  isInPool,
  isMachineAsn,
} from "./pools";
export type { IntegerPool } from "./pools";
export { canonicalIpString, canonicalPrefixString, ipString, ipStringFor, prefixString, prefixStringFor } from "./schemas";

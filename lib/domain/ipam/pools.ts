/**
 * Integer pools for machine ASNs and private-network VNIs (VRF ids).
 *
 * Ranges are metal-api's (cmd/metal-api/internal/datastore/integer.go, service/asn.go):
 * both pools hand out 1..131072 (2^17 — a bound metal-stack chose to keep its pool table
 * small; Cumulus would allow VXLAN ids up to 16777214), and a machine's ASN is
 * ASN_BASE + n = 4210000001..4210131072, inside the 4-byte private range
 * 4200000000..4294967294 (RFC 6996). The largest ASN exceeds a Postgres `integer`: store
 * ASNs as `bigint`. metal-api takes an arbitrary free integer; we take the lowest, which is
 * deterministic and testable, and a unique constraint settles races.
 */
export interface IntegerPool {
  readonly min: number;
  readonly max: number;
}

export const VNI_POOL: IntegerPool = { min: 1, max: 131_072 };
export const ASN_INDEX_POOL: IntegerPool = { min: 1, max: 131_072 };
export const ASN_BASE = 4_210_000_000;
export const ASN_MIN = ASN_BASE + ASN_INDEX_POOL.min;
export const ASN_MAX = ASN_BASE + ASN_INDEX_POOL.max;

/**
 * Lowest integer in [min, max] not in `usedSorted` (ascending; duplicates and values outside
 * the range are fine), or null when the range is full. One pass, no set of all integers.
 */
export function firstFreeInRange(min: number, max: number, usedSorted: readonly number[]): number | null {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) {
    throw new RangeError(`pool bounds must be safe integers, got ${min}..${max}`);
  }
  let candidate = min;
  let previous = -Infinity;
  for (const used of usedSorted) {
    // Checked as we go (a wrong order would hand out a used value): the walk never breaks early.
    if (used < previous) throw new Error(`used values must be sorted ascending (${used} after ${previous})`);
    previous = used;
    if (used === candidate) candidate++;
  }
  return candidate <= max ? candidate : null;
}

export function isInPool(pool: IntegerPool, n: number): boolean {
  return Number.isInteger(n) && n >= pool.min && n <= pool.max;
}

export function firstFreeVni(usedVnisSorted: readonly number[]): number | null {
  return firstFreeInRange(VNI_POOL.min, VNI_POOL.max, usedVnisSorted);
}

/** Works on ASNs directly, so callers can pass the `asn` column as stored. */
export function firstFreeAsn(usedAsnsSorted: readonly number[]): number | null {
  return firstFreeInRange(ASN_MIN, ASN_MAX, usedAsnsSorted);
}

export function isMachineAsn(asn: number): boolean {
  return isInPool(ASN_INDEX_POOL, asn - ASN_BASE);
}

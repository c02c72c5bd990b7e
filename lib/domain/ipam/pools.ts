/**
 * Integer pools for machine ASNs and private-network VNIs (VRF ids).
 *
 * Ranges are metal-api's (cmd/metal-api/internal/datastore/integer.go, service/asn.go):
 * both pools hand out 1..131072 (2^17 — a bound metal-stack chose to keep its pool table
 * small; Cumulus would allow VXLAN ids up to 16777214), and a machine's ASN is
 * ASN_BASE + n = 4210000001..4210131072, inside the 4-byte private range
 * 4200000000..4294967294 (RFC 6996). The largest ASN exceeds a Postgres `integer`: store
 * ASNs as `bigint`. metal-api takes an arbitrary free integer; we take the lowest, which is
 * deterministic and testable (lib/services/ipam/pools.ts, in SQL under a per-pool lock).
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

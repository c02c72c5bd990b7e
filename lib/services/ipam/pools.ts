import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw";
import { ASN_BASE, ASN_INDEX_POOL, type IntegerPool, VNI_POOL } from "@/lib/domain/ipam";
import { ConflictError } from "@/lib/http/errors";

/**
 * Integer pools (VNIs of private networks, ASNs of machines) as reusable primitives. Values are
 * rows of pool_values; taking one serialises on a per-pool advisory lock, since allocations are
 * rare and the lowest free value is found with one gap query.
 */
export const pools = { vni: VNI_POOL, asn: ASN_INDEX_POOL } satisfies Record<string, IntegerPool>;
export type PoolName = keyof typeof pools;

async function lockPool(tx: Executor, pool: PoolName): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"pool:" + pool}))`);
}

/** Takes the lowest free value, or a specific one; returns it. 409 when taken or exhausted. */
export async function acquirePoolValue(tx: Executor, pool: PoolName, owner: string, specific?: number): Promise<number> {
  const { min, max } = pools[pool];
  await lockPool(tx, pool);
  let value = specific;
  if (value === undefined) {
    const [row] = await queryRows<{ v: number | null }>(tx, sql`select case
        when not exists (select 1 from pool_values where pool = ${pool} and value = ${min}) then ${min}::int
        else (select min(p.value + 1) from pool_values p where p.pool = ${pool} and p.value + 1 <= ${max}
              and not exists (select 1 from pool_values q where q.pool = ${pool} and q.value = p.value + 1)) end as v`);
    if (row.v === null) throw new ConflictError(`The ${pool} pool (${min}..${max}) is exhausted.`, "pool_exhausted");
    value = Number(row.v);
  } else if (value < min || value > max) {
    throw new ConflictError(`${value} is outside the ${pool} pool (${min}..${max}).`, "pool_out_of_range");
  }
  const inserted = await queryRows(tx, sql`insert into pool_values (pool, value, owner) values (${pool}, ${value}, ${owner}) on conflict do nothing returning value`);
  if (!inserted.length) throw new ConflictError(`${pool} ${value} is already in use.`, "pool_value_in_use");
  return value;
}

export async function releasePoolValue(tx: Executor, pool: PoolName, value: number): Promise<void> {
  await tx.execute(sql`delete from pool_values where pool = ${pool} and value = ${value}`);
}

/** A machine's ASN: 4210000000 + a value of the asn pool. */
export async function acquireAsn(tx: Executor, machineId: string): Promise<number> {
  return ASN_BASE + (await acquirePoolValue(tx, "asn", machineId));
}

export async function releaseAsn(tx: Executor, asn: number): Promise<void> {
  await releasePoolValue(tx, "asn", asn - ASN_BASE);
}

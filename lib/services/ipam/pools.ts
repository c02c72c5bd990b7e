import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { type Prepared, prepare, runPrepared } from "@/lib/db/prepared";
import { queryRows } from "@/lib/db/raw";
import { ASN_BASE, ASN_INDEX_POOL, type IntegerPool, VNI_POOL } from "@/lib/domain/ipam";
import { ConflictError } from "@/lib/http/errors";

/**
 * Integer pools (VNIs of private networks, ASNs of machines) as reusable primitives. Values are
 * rows of pool_values (primary key pool + value: a value is never handed out twice).
 *
 * Taking the lowest free value locks only that VALUE (a transaction-level advisory lock keyed
 * by pool and value, tried without waiting), not the whole pool: concurrent allocations take
 * different low values in parallel. A pool-wide lock held to the end of every allocating
 * transaction serialised all allocations of a partition behind each other's commits (64
 * concurrent clients: seconds of p99). The candidates are the lowest free values as committed
 * data shows them; one that a concurrent transaction has just committed is skipped (the insert
 * finds it taken without waiting, since the committed row is visible) and the next is tried.
 */
export const pools = { vni: VNI_POOL, asn: ASN_INDEX_POOL } satisfies Record<string, IntegerPool>;
export type PoolName = keyof typeof pools;

/** How many free candidates one round considers; more than the allocations that usually race. */
const CANDIDATES = 128;
/**
 * A round fails only when another transaction committed the value this one picked between this
 * statement's snapshot and its lock attempt (the committed value is unlocked and looked free);
 * the next round's snapshot sees it. Under heavy load that window is wide, so allow many rounds.
 */
const ROUNDS = 32;

const poolKey = (pool: PoolName) => sql`hashtext(${"pool:" + pool})`;

/**
 * The lowest free values, from the gaps between used values: one ordered index-only scan of the
 * pool with lead(), each gap expanded only within its bounds (no existence probe per candidate:
 * the old form probed up to CANDIDATES² values and was most of the database's CPU in the
 * 64-client allocation bench). The lock is tried in the outer query over a LIMITed subquery,
 * which PostgreSQL neither flattens nor pushes the condition into: it runs row by row in order
 * and stops at the first lock it gets (pushed down, it would lock every candidate at once).
 * Prepared once per pool (lib/db/prepared.ts): the text is the same on every call. The WITH list
 * is exported for callers that take a value in a statement of their own (allocation-resources.ts;
 * `when` makes the taking conditional).
 */
export function lowestFreeCtes(pool: PoolName, owner: SQL | Placeholder, when: SQL = sql`true`): SQL {
  const { min, max } = pools[pool];
  return sql`used as (
      select value, lead(value) over (order by value) as nxt from pool_values where pool = ${pool}
    ), gaps as (
      select ${min}::int as s, coalesce((select min(value) from pool_values where pool = ${pool}), ${max + 1}) - 1 as e
      union all
      select value + 1, coalesce(nxt, ${max + 1}) - 1 from used
    ), first_gaps as (
      select s, e from gaps where s <= e order by s limit ${CANDIDATES}
    ), candidates as (
      select v from first_gaps, generate_series(s, least(e, s + ${CANDIDATES - 1})) v order by v limit ${CANDIDATES}
    ), pick as (
      select (select v from (select v from candidates order by v limit ${CANDIDATES}) o where pg_try_advisory_xact_lock(${poolKey(pool)}, o.v) limit 1) as v,
        exists (select 1 from candidates) as any
      where ${when}
    ), taken as (
      insert into pool_values (pool, value, owner) select ${pool}, v, ${owner} from pick where v is not null on conflict do nothing returning value
    )`;
}
/** What a round of lowestFreeCtes found: select these from it. */
export const lowestFreeResult = sql`pick.v as pool_v, pick.any as pool_any, exists (select 1 from taken) as pool_taken`;
export type LowestFreeRow = { pool_v: number | null; pool_any: boolean; pool_taken: boolean };

/**
 * A round's value; null when this round lost its pick to a concurrent transaction (look again);
 * 409 when the pool is exhausted.
 */
export function roundValue(pool: PoolName, row: LowestFreeRow): number | null {
  const { min, max } = pools[pool];
  if (!row.pool_any) throw new ConflictError(`The ${pool} pool (${min}..${max}) is exhausted.`, "pool_exhausted");
  if (row.pool_v === null) return null; // every candidate is being taken right now: look again
  // The insert runs in the same statement; it finds the value already taken only when a
  // concurrent transaction committed it after this statement's snapshot.
  return row.pool_taken ? Number(row.pool_v) : null;
}

const lowestFreeStatement = (pool: PoolName) => prepare(`pool_lowest_free_${pool}`, sql`with ${lowestFreeCtes(pool, sql.placeholder("owner"))} select ${lowestFreeResult} from pick`);
const lowestFree = { vni: lowestFreeStatement("vni"), asn: lowestFreeStatement("asn") } satisfies Record<PoolName, Prepared>;

/** Takes the lowest free value, or a specific one; returns it. 409 when taken or exhausted. */
export async function acquirePoolValue(tx: Executor, pool: PoolName, owner: string, specific?: number): Promise<number> {
  const { min, max } = pools[pool];
  if (specific !== undefined) {
    if (specific < min || specific > max) throw new ConflictError(`${specific} is outside the ${pool} pool (${min}..${max}).`, "pool_out_of_range");
    await tx.execute(sql`select pg_advisory_xact_lock(${poolKey(pool)}, ${specific}::int)`);
    const inserted = await queryRows(tx, sql`insert into pool_values (pool, value, owner) values (${pool}, ${specific}, ${owner}) on conflict do nothing returning value`);
    if (!inserted.length) throw new ConflictError(`${pool} ${specific} is already in use.`, "pool_value_in_use");
    return specific;
  }
  for (let round = 0; round < ROUNDS; round++) {
    const [row] = await runPrepared<LowestFreeRow>(tx, lowestFree[pool], { owner });
    const value = roundValue(pool, row);
    if (value !== null) return value;
  }
  throw new ConflictError(`Too much contention on the ${pool} pool; retry.`, "pool_contention", {}, 1);
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

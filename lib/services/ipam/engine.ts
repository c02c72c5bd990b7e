import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { prepare, runPrepared } from "@/lib/db/prepared";
import { queryRows } from "@/lib/db/raw";
import { uuidv7 } from "@/lib/domain/ids";
import {
  type IpFamily, type Prefix, firstUsable, formatIp, formatPrefix, lastAddress, lastUsable, makePrefix, parsePrefix, reservedKind,
} from "@/lib/domain/ipam";
import { type Range, alignedFit, carve, chunkRange, merge } from "@/lib/domain/ipam/ranges";
import { ConflictError } from "@/lib/http/errors";

/**
 * The IPAM engine on the database: prefixes, their free-range gap index, and handed-out IPs.
 * Every function runs inside the caller's transaction; correctness under concurrency comes from
 * row locks on free ranges (never from reading and then writing without a lock).
 */
export type IpamPrefix = { id: string; namespace: string; cidr: string; prefix: Prefix; parentId: string | null; mode: "new" | "ips" | "children" };

export type PrefixRow = { id: string; namespace: string; cidr: string; family: number; network: string; length: number; parent_id: string | null; mode: IpamPrefix["mode"] };
type RangeRow = { id: number; start: string; end: string };

/**
 * Free-range rows of at most this many addresses let concurrent acquisitions proceed in parallel:
 * each taker holds its row (SKIP LOCKED) until it commits, so the rows of a prefix are its lanes.
 * 16 gives a machine network's /22 64 lanes; with 256 it had 4, and 64 concurrent allocations in
 * one project queued on them (issue 14: lock waits on ipam_free_ranges dominated p99).
 */
const IP_CHUNK = 16n;
const MAX_INITIAL_CHUNKS = 1024;
const MAX_RETRIES = 1000;
/** A specific address is looked for again only while a concurrent taker was splitting its row. */
const SPECIFIC_RETRIES = 50;

const toRange = (r: RangeRow): Range => ({ start: BigInt(r.start), end: BigInt(r.end) });
/**
 * Free ranges in address order. Qualified on purpose: the queries select `start::text as start`,
 * and a bare `order by start` would sort by that text ("11" before "9").
 */
const BY_START = sql`ipam_free_ranges.start`;
const num = (v: bigint) => sql`${v.toString()}::numeric`;

export function fromRow(r: PrefixRow): IpamPrefix {
  return { id: r.id, namespace: r.namespace, cidr: r.cidr, parentId: r.parent_id, mode: r.mode, prefix: makePrefix(r.family as IpFamily, BigInt(r.network), r.length) };
}

/**
 * `lock` takes FOR NO KEY UPDATE (enough to serialise mode changes): FOR UPDATE would also block
 * the foreign-key checks (KEY SHARE) of every concurrent ipam_ips insert until commit, and a
 * holder then waiting for a free-range row held by one of those inserters is a deadlock.
 */
export async function getPrefix(tx: Executor, id: string, lock = false): Promise<IpamPrefix | null> {
  const [row] = await queryRows<PrefixRow>(tx, sql`select id, namespace, cidr, family, network::text as network, length, parent_id, mode from ipam_prefixes where id = ${id} ${lock ? sql`for no key update` : sql``}`);
  return row ? fromRow(row) : null;
}

async function insertPrefix(tx: Executor, namespace: string, prefix: Prefix, parentId: string | null): Promise<IpamPrefix> {
  const id = uuidv7();
  const cidr = formatPrefix(prefix);
  await tx.execute(sql`insert into ipam_prefixes (id, namespace, cidr, family, network, last_address, length, parent_id)
    values (${id}, ${namespace}, ${cidr}, ${prefix.family}, ${num(prefix.network)}, ${num(lastAddress(prefix))}, ${prefix.length}, ${parentId})`);
  return { id, namespace, cidr, prefix, parentId, mode: "new" };
}

/** Top-level prefixes in a namespace that overlap `prefix` (there may be none). */
export async function overlappingPrefixes(tx: Executor, namespace: string, prefix: Prefix): Promise<{ id: string; cidr: string }[]> {
  return queryRows(tx, sql`select id, cidr from ipam_prefixes where namespace = ${namespace} and parent_id is null and family = ${prefix.family}
    and network <= ${num(lastAddress(prefix))} and last_address >= ${num(prefix.network)}`);
}

/** Creates a top-level prefix. Creations in one namespace are serialised so overlaps cannot race in. */
export async function createPrefix(tx: Executor, namespace: string, cidr: string): Promise<IpamPrefix> {
  const prefix = parsePrefix(cidr);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"ipam:" + namespace}))`);
  const clash = await overlappingPrefixes(tx, namespace, prefix);
  if (clash.length) throw new ConflictError(`${formatPrefix(prefix)} overlaps ${clash[0].cidr}.`, "prefix_overlap", { overlaps: clash.map((c) => c.cidr) });
  return insertPrefix(tx, namespace, prefix, null);
}

/** The first use of a prefix decides whether it hands out IPs or child prefixes, never both. */
async function ensureMode(tx: Executor, p: IpamPrefix, mode: "ips" | "children"): Promise<void> {
  if (p.mode === mode) return;
  const locked = (await getPrefix(tx, p.id, true))!;
  if (locked.mode === mode) return;
  if (locked.mode !== "new") {
    throw new ConflictError(mode === "ips"
      ? `${p.cidr} is split into child prefixes and hands out no IPs.`
      : `${p.cidr} holds IP addresses and cannot be split into child prefixes.`, mode === "ips" ? "prefix_has_children" : "prefix_has_ips");
  }
  const pieces = mode === "ips"
    ? (() => {
        const first = firstUsable(p.prefix);
        const last = lastUsable(p.prefix);
        return first === null || last === null || first > last ? [] : chunkRange({ start: first, end: last }, IP_CHUNK, MAX_INITIAL_CHUNKS);
      })()
    : [{ start: p.prefix.network, end: lastAddress(p.prefix) }];
  // One statement for all rows (up to MAX_INITIAL_CHUNKS × 3 parameters, well under the limit).
  if (pieces.length) await tx.execute(sql`insert into ipam_free_ranges (prefix_id, start, "end") values ${sql.join(pieces.map((r) => sql`(${p.id}, ${num(r.start)}, ${num(r.end)})`), sql`, `)}`);
  await tx.execute(sql`update ipam_prefixes set mode = ${mode} where id = ${p.id}`);
  p.mode = mode;
}

async function replaceRange(tx: Executor, prefixId: string, rangeId: number, pieces: Range[]): Promise<void> {
  const [first, ...rest] = pieces;
  if (first) await tx.execute(sql`update ipam_free_ranges set start = ${num(first.start)}, "end" = ${num(first.end)} where id = ${rangeId}`);
  else await tx.execute(sql`delete from ipam_free_ranges where id = ${rangeId}`);
  for (const r of rest) await tx.execute(sql`insert into ipam_free_ranges (prefix_id, start, "end") values (${prefixId}, ${num(r.start)}, ${num(r.end)})`);
}

/**
 * Hands out `address` from the locked free-range row `rangeId` in ONE statement: the row's
 * remainder (`pieces`: updated in place, split off, or the row deleted), the ipam_ips row, and
 * `also` — the caller's own insert of the same address (the ips row), so that an acquisition
 * costs the range lookup and this statement. Data-modifying WITH clauses run exactly once each.
 */
async function takeAddress(tx: Executor, prefixId: string, rangeId: number, pieces: Range[], address: bigint, also?: SQL): Promise<void> {
  const [first, ...rest] = pieces;
  const parts: SQL[] = [first
    ? sql`r as (update ipam_free_ranges set start = ${num(first.start)}, "end" = ${num(first.end)} where id = ${rangeId})`
    : sql`r as (delete from ipam_free_ranges where id = ${rangeId})`];
  if (rest.length) parts.push(sql`x as (insert into ipam_free_ranges (prefix_id, start, "end") values ${sql.join(rest.map((r) => sql`(${prefixId}, ${num(r.start)}, ${num(r.end)})`), sql`, `)})`);
  if (also) parts.push(sql`a as (${also})`);
  await tx.execute(sql`with ${sql.join(parts, sql`, `)} insert into ipam_ips (prefix_id, address) values (${prefixId}, ${num(address)})`);
}

async function hasFreeRanges(tx: Executor, prefixId: string): Promise<boolean> {
  return (await queryRows(tx, sql`select 1 from ipam_free_ranges where prefix_id = ${prefixId} limit 1`)).length > 0;
}

/**
 * Takes the lowest free address of a row nobody else holds (SKIP LOCKED), so concurrent callers
 * take different addresses; when every free row is held, waits for one. Returns null when the
 * prefix is exhausted.
 */
export async function acquireNextIp(tx: Executor, p: IpamPrefix, also?: (address: bigint) => SQL): Promise<bigint | null> {
  await ensureMode(tx, p, "ips");
  for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
    let [row] = await queryRows<RangeRow>(tx, sql`select id, start::text as start, "end"::text as "end" from ipam_free_ranges where prefix_id = ${p.id} order by ${BY_START} limit 1 for update skip locked`);
    if (!row) {
      if (!(await hasFreeRanges(tx, p.id))) return null;
      [row] = await queryRows<RangeRow>(tx, sql`select id, start::text as start, "end"::text as "end" from ipam_free_ranges where prefix_id = ${p.id} order by ${BY_START} limit 1 for update`);
      if (!row) continue; // the row we waited for was used up: look again
    }
    const range = toRange(row);
    const address = range.start;
    // A large remainder is split off as its own row, so the next callers do not queue on it.
    const rest = carve(range, address, address);
    const pieces = rest.length && rest[0].end - rest[0].start + 1n > IP_CHUNK ? chunkRange(rest[0], IP_CHUNK, 2) : rest;
    await takeAddress(tx, p.id, row.id, pieces, address, also?.(address));
    return address;
  }
  throw new ConflictError(`Too much contention on ${p.cidr}; retry.`, "ipam_contention", {}, 1);
}

/**
 * acquireNextIp in ONE prepared statement, for callers that write their own row of the address
 * later in the transaction (machine allocation): the lowest free row nobody else holds (SKIP
 * LOCKED), its remainder carved and chunked in SQL exactly as acquireNextIp does in Node (the
 * rest of the row, split into IP_CHUNK and the remainder when larger), and the ipam_ips row.
 * When every free row is held by others (or none is left), acquireNextIp decides: it waits for
 * a row, or answers null when the prefix is exhausted. takeLowestCtes is the statement's WITH
 * list, named `n` (its address: `n.start`), for callers that take several things in one
 * statement (allocation-resources.ts); `when` makes the taking conditional (a machine was claimed).
 */
export function takeLowestCtes(prefixId: SQL | Placeholder, n: string, when: SQL = sql`true`): SQL {
  const r = sql.raw(n);
  return sql`${r} as (
    select id, start, "end" from ipam_free_ranges where prefix_id = ${prefixId} and ${when} order by start limit 1 for update skip locked
  ), ${sql.raw(`${n}_gone`)} as (
    delete from ipam_free_ranges f using ${r} where f.id = ${r}.id and ${r}."end" = ${r}.start
  ), ${sql.raw(`${n}_kept`)} as (
    update ipam_free_ranges f set start = ${r}.start + 1, "end" = least(${r}."end", ${r}.start + ${IP_CHUNK.toString()}::numeric) from ${r} where f.id = ${r}.id and ${r}."end" > ${r}.start
  ), ${sql.raw(`${n}_split`)} as (
    insert into ipam_free_ranges (prefix_id, start, "end") select ${prefixId}, ${r}.start + ${(IP_CHUNK + 1n).toString()}::numeric, ${r}."end" from ${r}
    where ${r}."end" > ${r}.start + ${IP_CHUNK.toString()}::numeric
  ), ${sql.raw(`${n}_taken`)} as (
    insert into ipam_ips (prefix_id, address) select ${prefixId}, ${r}.start from ${r}
  )`;
}
const takeLowest = prepare("ipam_take_lowest", sql`with ${takeLowestCtes(sql.placeholder("prefixId"), "r")} select r.start::text as address from r`);

/** The prefix must hand out IPs (its first use decides: ensureMode); callers of takeLowestCtes call this first. */
export async function ensureIpMode(tx: Executor, p: IpamPrefix): Promise<void> {
  await ensureMode(tx, p, "ips");
}

export async function takeNextAddress(tx: Executor, p: IpamPrefix): Promise<bigint | null> {
  await ensureMode(tx, p, "ips");
  const [row] = await runPrepared<{ address: string }>(tx, takeLowest, { prefixId: p.id });
  if (row) return BigInt(row.address);
  return acquireNextIp(tx, p);
}

/**
 * Takes one specific address; the reason it is not free is named precisely.
 *
 * "Not found" is not yet "in use": when a concurrent acquireNextIp held the free-range row that
 * contains the address, this statement waited for it and then re-checked the row's new version,
 * which no longer contains the address once the taker split the rest into new rows — rows this
 * statement's snapshot cannot see. So the address is in use only if ipam_ips says so (a new
 * statement, a new snapshot); otherwise look again, and the next statement sees the split rows.
 */
export async function acquireSpecificIp(tx: Executor, p: IpamPrefix, address: bigint, also?: SQL): Promise<void> {
  await ensureMode(tx, p, "ips");
  const ip = formatIp(p.prefix.family, address);
  if (address < p.prefix.network || address > lastAddress(p.prefix)) throw new ConflictError(`${ip} is outside ${p.cidr}.`, "ip_outside_prefix");
  for (let attempt = 0; attempt < SPECIFIC_RETRIES; attempt++) {
    const [row] = await queryRows<RangeRow>(tx, sql`select id, start::text as start, "end"::text as "end" from ipam_free_ranges
      where prefix_id = ${p.id} and start <= ${num(address)} and "end" >= ${num(address)} for update`);
    if (row) {
      await takeAddress(tx, p.id, row.id, carve(toRange(row), address, address), address, also);
      return;
    }
    const reserved = reservedKind(p.prefix, address);
    if (reserved) throw new ConflictError(`${ip} is the ${reserved} address of ${p.cidr} and is never handed out.`, "ip_reserved");
    const taken = await queryRows(tx, sql`select 1 from ipam_ips where prefix_id = ${p.id} and address = ${num(address)}`);
    if (taken.length) throw new ConflictError(`${ip} is already in use.`, "ip_in_use");
  }
  throw new ConflictError(`Too much contention on ${p.cidr}; retry.`, "ipam_contention", {}, 1);
}

/** Gives an address back. Released addresses become single free rows (no merge: keeps rows small). */
export async function releaseIp(tx: Executor, p: IpamPrefix, address: bigint): Promise<void> {
  const deleted = await queryRows(tx, sql`delete from ipam_ips where prefix_id = ${p.id} and address = ${num(address)} returning address`);
  if (!deleted.length) return; // idempotent
  await tx.execute(sql`insert into ipam_free_ranges (prefix_id, start, "end") values (${p.id}, ${num(address)}, ${num(address)})`);
}

/**
 * The first multiple of `size` at or above a free range's start, in SQL. `div` is numeric's exact
 * integer quotient; plain division (`start / size`) rounds to a limited number of significant
 * digits, which for 128-bit addresses is off by more than a block (e.g. (2^125 + 64) / 256 comes
 * out exactly 2^117), so an unaligned gap would pass for a fit. Same arithmetic as alignedFit.
 */
const alignedStartSql = (size: bigint) => sql`div(start + ${num(size - 1n)}, ${num(size)}) * ${num(size)}`;

/**
 * Child prefixes are taken and given back one at a time per parent (its row, FOR NO KEY UPDATE:
 * children's foreign-key checks still pass). Giving one back merges it with the free ranges
 * that touch it; without the lock, two adjacent children deleted at once each see the other
 * still taken, and the block they form is never handed out again. Child prefixes change
 * rarely (a network's creation or deletion), so the serialisation costs nothing that matters.
 */
async function lockParent(tx: Executor, parentId: string): Promise<void> {
  await tx.execute(sql`select 1 from ipam_prefixes where id = ${parentId} for no key update`);
}

/** Takes a child prefix: the lowest free aligned block of `length`, or a specific one. */
export async function acquireChildPrefix(tx: Executor, parent: IpamPrefix, want: { length: number } | { cidr: string }, namespace = parent.namespace): Promise<IpamPrefix | null> {
  await ensureMode(tx, parent, "children");
  const specific = "cidr" in want ? parsePrefix(want.cidr) : null;
  const length = specific ? specific.length : (want as { length: number }).length;
  if (length <= parent.prefix.length) throw new ConflictError(`A child of ${parent.cidr} must be longer than /${parent.prefix.length}.`, "child_too_large");
  const size = 1n << BigInt((parent.prefix.family === 4 ? 32 : 128) - length);
  await lockParent(tx, parent.id);
  for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
    const [row] = specific
      ? await queryRows<RangeRow>(tx, sql`select id, start::text as start, "end"::text as "end" from ipam_free_ranges
          where prefix_id = ${parent.id} and start <= ${num(specific.network)} and "end" >= ${num(specific.network + size - 1n)} for update`)
      : await queryRows<RangeRow>(tx, sql`select id, start::text as start, "end"::text as "end" from ipam_free_ranges
          where prefix_id = ${parent.id} and ${alignedStartSql(size)} + ${num(size - 1n)} <= "end" order by ${BY_START} limit 1 for update`);
    if (!row) {
      if (specific) throw new ConflictError(`${formatPrefix(specific)} is not free in ${parent.cidr}.`, "prefix_in_use");
      return null;
    }
    const range = toRange(row);
    const start = specific ? specific.network : alignedFit(range, size);
    if (start === null) continue; // the row changed while we waited for its lock
    await replaceRange(tx, parent.id, row.id, carve(range, start, start + size - 1n));
    return insertPrefix(tx, namespace, makePrefix(parent.prefix.family, start, length), parent.id);
  }
  throw new ConflictError(`Too much contention on ${parent.cidr}; retry.`, "ipam_contention", {}, 1);
}

/** Deletes a prefix that holds no IPs and no children; a child's space returns to its parent. */
export async function deletePrefix(tx: Executor, p: IpamPrefix): Promise<void> {
  const [used] = await queryRows<{ ips: number; children: number }>(tx, sql`select
    (select count(*)::int from ipam_ips where prefix_id = ${p.id}) as ips,
    (select count(*)::int from ipam_prefixes where parent_id = ${p.id}) as children`);
  if (used.ips || used.children) throw new ConflictError(`${p.cidr} still has ${used.ips} IP(s) and ${used.children} child prefix(es).`, "prefix_in_use");
  await tx.execute(sql`delete from ipam_prefixes where id = ${p.id}`);
  if (!p.parentId) return;
  await lockParent(tx, p.parentId);
  const block = { start: p.prefix.network, end: lastAddress(p.prefix) };
  const neighbours = await queryRows<RangeRow>(tx, sql`select id, start::text as start, "end"::text as "end" from ipam_free_ranges
    where prefix_id = ${p.parentId} and ("end" = ${num(block.start - 1n)} or start = ${num(block.end + 1n)}) for update`);
  const merged = merge(block, neighbours.map(toRange));
  for (const n of neighbours) await tx.execute(sql`delete from ipam_free_ranges where id = ${n.id}`);
  await tx.execute(sql`insert into ipam_free_ranges (prefix_id, start, "end") values (${p.parentId}, ${num(merged.start)}, ${num(merged.end)})`);
}

export type PrefixUsageCounts = { acquiredIps: number; freeIps: string; childPrefixes: number; freeAddresses: string };

/** Usage from the gap index: no enumeration of addresses. */
export async function prefixUsageCounts(tx: Executor, p: IpamPrefix): Promise<PrefixUsageCounts> {
  const [r] = await queryRows<{ ips: number; children: number; free: string | null }>(tx, sql`select
    (select count(*)::int from ipam_ips where prefix_id = ${p.id}) as ips,
    (select count(*)::int from ipam_prefixes where parent_id = ${p.id}) as children,
    (select sum("end" - start + 1)::text from ipam_free_ranges where prefix_id = ${p.id}) as free`);
  const untouched = p.mode === "new";
  const usable = (lastUsable(p.prefix) ?? 0n) - (firstUsable(p.prefix) ?? 1n) + 1n;
  const free = r.free === null ? (untouched ? usable : 0n) : BigInt(r.free);
  return {
    acquiredIps: r.ips,
    freeIps: (p.mode === "children" ? 0n : free).toString(),
    childPrefixes: r.children,
    freeAddresses: (untouched ? lastAddress(p.prefix) - p.prefix.network + 1n : free).toString(),
  };
}

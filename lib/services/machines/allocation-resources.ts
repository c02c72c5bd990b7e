import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { type Prepared, prepare, runPrepared } from "@/lib/db/prepared";
import type { AllocationNetwork } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { ASN_BASE, formatIp } from "@/lib/domain/ipam";
import { ConflictError } from "@/lib/http/errors";
import { acquireNextIp, ensureIpMode, takeLowestCtes, takeNextAddress } from "@/lib/services/ipam/engine";
import { acquireAsn, type LowestFreeRow, lowestFreeCtes, lowestFreeResult, roundValue } from "@/lib/services/ipam/pools";
import { type IpRow, type KnownPrefix, readNetworkPrefixes } from "@/lib/services/networks/ips";
import { assertQuota, type KnownProject } from "@/lib/services/networks/quotas";
import type { PlannedNetwork } from "./allocation-networks";

/**
 * DOMAIN §3.2 steps 5–6, the contended part: one ephemeral IP per network and address family
 * (IPv4 first), and the machine's ASN. They are taken in the statement that claims a pool
 * machine (allocation-placement.ts), or for an explicitly named machine in one statement of
 * their own (issue 14: they were a statement per IP and one for the ASN). Every part only ever
 * tries locks (SKIP LOCKED free ranges, pg_try_advisory_xact_lock on ASN values), so it waits
 * for nothing and cannot deadlock however the parts run. A part that found nothing free and
 * unlocked falls back to its own statements, which wait (acquireNextIp) or look again
 * (acquireAsn), as before. The ips rows are returned for the caller to insert with the
 * allocation (allocation.ts).
 */
export type MachineResources = { networks: AllocationNetwork[]; rows: IpRow[]; asn: number };
/** One address to take: a network and family, with the prefixes that may serve it (tried in order). */
export type Slot = { net: PlannedNetwork["net"]; family: 4 | 6; candidates: KnownPrefix[] };
/** What the fast path found: address `a<i>` of slot i (null: nothing free and unlocked), and the ASN round. */
export type ResourceRow = LowestFreeRow & Record<string, string | number | boolean | null>;

/**
 * Before the claim: the slots, the prefixes the caller has not read yet (`known`: read with the
 * allocation's facts), the project's IP quota for all the addresses at once (its row was read
 * already), and each first prefix set to hand out IPs.
 */
export async function planResources(tx: Executor, planned: PlannedNetwork[], project: { id: string } & KnownProject, known: KnownPrefix[]): Promise<Slot[]> {
  const missing = planned.map((p) => p.net.id).filter((id) => !known.some((k) => k.networkId === id));
  const prefixes = missing.length ? [...known, ...await readNetworkPrefixes(tx, missing)] : known;
  const slots = planned.flatMap(({ net }) => [...new Set(prefixes.filter((p) => p.networkId === net.id).map((p) => p.family as 4 | 6))].sort()
    .map((family) => ({ net, family, candidates: prefixes.filter((p) => p.networkId === net.id && p.family === family) })));
  await assertQuota(tx, project.id, "ips", project, slots.length);
  for (const s of slots) await ensureIpMode(tx, s.candidates[0].ipam);
  return slots;
}

/** The WITH list taking `k` addresses (placeholders p0…) and the ASN (owned by `owner`), all only `when` holds. */
export function resourceCtes(k: number, owner: SQL | Placeholder, when: SQL = sql`true`): SQL {
  const ips = Array.from({ length: k }, (_, i) => takeLowestCtes(sql.placeholder(`p${i}`), `r${i}`, when));
  return sql.join([...ips, lowestFreeCtes("asn", owner, when)], sql`, `);
}

/** What resourceCtes took, as columns a0… and the ASN round's (select them from `pick`). */
export function resourceColumns(k: number): SQL {
  return sql.join([...Array.from({ length: k }, (_, i) => sql.raw(`(select start::text from r${i}) as a${i}`)), lowestFreeResult], sql`, `);
}

export const resourceValues = (slots: Slot[]): Record<string, unknown> => Object.fromEntries(slots.map((s, i) => [`p${i}`, s.candidates[0].ipam.id]));

const standalone = new Map<number, Prepared>();
/** The fast path on its own, for a machine claimed by id. */
export async function takeResources(tx: Executor, slots: Slot[], machineId: string): Promise<ResourceRow> {
  const k = slots.length;
  let st = standalone.get(k);
  if (!st) standalone.set(k, (st = prepare(`allocation_resources_${k}`, sql`with ${resourceCtes(k, sql.placeholder("owner"))} select ${resourceColumns(k)} from pick`)));
  const [row] = await runPrepared<ResourceRow>(tx, st, { ...resourceValues(slots), owner: machineId });
  return row;
}

/** After the fast path: the parts it did not get, by their own statements, and the ips rows to write. */
export async function finishResources(tx: Executor, planned: PlannedNetwork[], slots: Slot[], row: ResourceRow, projectId: string, machineId: string, hostname: string): Promise<MachineResources> {
  const now = new Date();
  const rows: IpRow[] = [];
  for (const [i, { net, family, candidates }] of slots.entries()) {
    const found = row[`a${i}`];
    let address: bigint | null = found === null || found === undefined ? null : BigInt(found as string);
    let prefix = candidates[0];
    // Every free row of the first prefix was held by others: wait for one, then the other prefixes.
    if (address === null) address = await acquireNextIp(tx, prefix.ipam);
    for (const next of candidates.slice(1)) {
      if (address !== null) break;
      prefix = next;
      address = await takeNextAddress(tx, next.ipam);
    }
    if (address === null) throw new ConflictError(`No free IP in network ${net.name || net.id}.`, "ip_exhausted");
    rows.push({
      id: uuidv7(), address: formatIp(family, address), family, networkId: net.id, ipamPrefixId: prefix.ipam.id, projectId,
      kind: "ephemeral", name: hostname, description: `machine ${machineId}`, tags: [], machineId, createdAt: now, updatedAt: now,
    });
  }
  const value = roundValue("asn", row);
  const asn = value === null ? await acquireAsn(tx, machineId) : ASN_BASE + value;
  const networks = planned.map(({ net, primary }) => {
    const mine = rows.filter((r) => r.networkId === net.id);
    return { networkId: net.id, ipIds: mine.map((r) => r.id), addresses: mine.map((r) => r.address), vrf: net.vrf, primary };
  });
  return { networks, rows, asn };
}

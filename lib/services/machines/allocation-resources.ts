import { sql } from "drizzle-orm";
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
 * (IPv4 first), and the machine's ASN — taken together in ONE prepared statement (issue 14: they
 * were a statement per IP and one for the ASN). Every part of it only ever tries locks (SKIP
 * LOCKED free ranges, pg_try_advisory_xact_lock on ASN values), so it waits for nothing and
 * cannot deadlock however the parts run. A part that found nothing free-and-unlocked falls back
 * to its own statements, which wait (acquireNextIp) or look again (acquireAsn), as before.
 * The ips rows are returned for the caller to insert with the allocation (allocation.ts).
 */
export type MachineResources = { networks: AllocationNetwork[]; rows: IpRow[]; asn: number };

/** The statement for `k` addresses (from the first prefix of each network and family) and the ASN. */
const statements = new Map<number, Prepared>();
function takeStatement(k: number): Prepared {
  let st = statements.get(k);
  if (!st) {
    const ctes = Array.from({ length: k }, (_, i) => takeLowestCtes(sql.placeholder(`p${i}`), `r${i}`));
    const addresses = Array.from({ length: k }, (_, i) => sql.raw(`(select start::text from r${i}) as a${i}`));
    st = prepare(`allocation_resources_${k}`, sql`with ${sql.join([...ctes, lowestFreeCtes("asn", sql.placeholder("owner"))], sql`, `)}
      select ${sql.join([...addresses, lowestFreeResult], sql`, `)} from pick`);
    statements.set(k, st);
  }
  return st;
}

/**
 * `known`: prefixes the caller has read already (allocation-facts.ts), not read again. The project's
 * IP quota is checked once for all the addresses (its row was read already).
 */
export async function acquireMachineResources(tx: Executor, planned: PlannedNetwork[], project: { id: string } & KnownProject, machineId: string, hostname: string, known: KnownPrefix[] = []): Promise<MachineResources> {
  const missing = planned.map((p) => p.net.id).filter((id) => !known.some((k) => k.networkId === id));
  const prefixes = missing.length ? [...known, ...await readNetworkPrefixes(tx, missing)] : known;
  // One slot per network and family, with the prefixes that may serve it (tried in order).
  const slots = planned.flatMap(({ net }) => [...new Set(prefixes.filter((p) => p.networkId === net.id).map((p) => p.family as 4 | 6))].sort()
    .map((family) => ({ net, family, candidates: prefixes.filter((p) => p.networkId === net.id && p.family === family) })));
  await assertQuota(tx, project.id, "ips", project, slots.length);
  for (const s of slots) await ensureIpMode(tx, s.candidates[0].ipam);

  const values: Record<string, unknown> = { owner: machineId };
  slots.forEach((s, i) => (values[`p${i}`] = s.candidates[0].ipam.id));
  const [row] = await runPrepared<LowestFreeRow & Record<string, string | null>>(tx, takeStatement(slots.length), values);

  const now = new Date();
  const rows: IpRow[] = [];
  for (const [i, { net, family, candidates }] of slots.entries()) {
    let address: bigint | null = row[`a${i}`] === null ? null : BigInt(row[`a${i}`]!);
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
      id: uuidv7(), address: formatIp(family, address), family, networkId: net.id, ipamPrefixId: prefix.ipam.id, projectId: project.id,
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

import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/principal";
import type { PartitionCapacityDto, sizeCapacityDto } from "@/lib/contracts/catalog";
import { getDb } from "@/lib/db/client";
import { machines, sizeReservations } from "@/lib/db/schema";
import { getPartitionRow } from "./partitions";
import { assertCatalogRead, jsonArrayContains } from "./shared";

type SizeCapacity = z.infer<typeof sizeCapacityDto>;

/**
 * Every machine of a size falls into exactly one bucket, so that the buckets add up to the total:
 *   allocated    a project holds it (whatever its health);
 *   unavailable  unallocated and LOCKED, TAINTED, Dead or Unknown — never free, whatever else holds;
 *   faulty       unallocated, in a crash loop or a failed reclaim;
 *   waiting      unallocated, AVAILABLE, Alive and Waiting: what an allocation can take now;
 *   other        the rest of the unallocated machines (booting, registering, being reclaimed).
 * Locked and tainted machines never count as free (early metal-stack counted them).
 */
const m = machines;
const unallocated = sql`${m.projectId} is null`;
const unavailable = sql`${unallocated} and (${m.condition} <> 'AVAILABLE' or ${m.liveliness} <> 'Alive')`;
const faulty = sql`${unallocated} and not (${unavailable}) and (${m.crashLoop} or ${m.failedReclaim})`;
const waiting = sql`${unallocated} and not (${unavailable}) and not (${m.crashLoop} or ${m.failedReclaim}) and ${m.provisioningState} = 'Waiting'`;
const countWhere = (cond: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${cond})`.mapWith(Number);

type MachineGroup = { sizeId: string; projectId: string | null; total: number; unavailable: number; faulty: number; waiting: number };
type Reservation = { sizeId: string; projectId: string; amount: number };

/**
 * reserved = Σ over the reservations naming this partition of max(0, amount − machines of that
 * size the project already holds here): a reservation the project has used up holds back nothing.
 */
export function capacityFrom(groups: MachineGroup[], reservations: Reservation[]): SizeCapacity[] {
  const bySize = new Map<string, SizeCapacity>();
  const entry = (sizeId: string) => {
    let c = bySize.get(sizeId);
    if (!c) bySize.set(sizeId, (c = { sizeId, total: 0, allocated: 0, waiting: 0, reserved: 0, free: 0, unavailable: 0, faulty: 0, other: 0 }));
    return c;
  };
  const held = new Map<string, number>();
  for (const g of groups) {
    const c = entry(g.sizeId);
    c.total += g.total;
    if (g.projectId !== null) {
      c.allocated += g.total;
      held.set(`${g.projectId}\u0000${g.sizeId}`, g.total);
      continue;
    }
    c.unavailable += g.unavailable;
    c.faulty += g.faulty;
    c.waiting += g.waiting;
    c.other += g.total - g.unavailable - g.faulty - g.waiting;
  }
  // Several reservations of one project and size share the machines the project holds.
  const wanted = new Map<string, Reservation>();
  for (const r of reservations) {
    const key = `${r.projectId}\u0000${r.sizeId}`;
    const prior = wanted.get(key);
    wanted.set(key, { ...r, amount: (prior?.amount ?? 0) + r.amount });
  }
  for (const [key, r] of wanted) entry(r.sizeId).reserved += Math.max(0, r.amount - (held.get(key) ?? 0));
  for (const c of bySize.values()) c.free = Math.max(0, c.waiting - c.reserved);
  return [...bySize.values()].sort((a, b) => a.sizeId.localeCompare(b.sizeId));
}

/** Capacity per size: one grouped query over the partition's machines, plus its reservations. */
export async function getPartitionCapacity(actor: Actor, partitionId: string): Promise<PartitionCapacityDto> {
  assertCatalogRead(actor);
  const db = await getDb();
  await getPartitionRow(db, partitionId);
  // Machines whose hardware matches no size (size_id null) belong to no pool and are left out.
  const groups = await db
    .select({
      sizeId: sql<string>`${m.sizeId}`,
      projectId: m.projectId,
      total: sql<number>`count(*)`.mapWith(Number),
      unavailable: countWhere(unavailable),
      faulty: countWhere(faulty),
      waiting: countWhere(waiting),
    })
    .from(m)
    .where(and(eq(m.partitionId, partitionId), isNotNull(m.sizeId)))
    .groupBy(m.sizeId, m.projectId);
  const reservations = await db
    .select({ sizeId: sizeReservations.sizeId, projectId: sizeReservations.projectId, amount: sizeReservations.amount })
    .from(sizeReservations)
    .where(jsonArrayContains(sizeReservations.partitionIds, partitionId))
    .orderBy(asc(sizeReservations.id));
  return { partitionId, sizes: capacityFrom(groups, reservations) };
}

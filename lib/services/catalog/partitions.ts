import { and, asc, count, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { CreatePartitionInput, PartitionDto, UpdatePartitionInput } from "@/lib/contracts/catalog";
import { getDb, type Executor } from "@/lib/db/client";
import { machines, partitions, sizeReservations } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/http/errors";
import { toPage } from "@/lib/http/pagination";
import { recordAudit } from "../audit";
import { refreshBmcNetworkFlags } from "../bmc/bmc-networks";
import { inTx } from "../tx";
import { assertCatalogRead, assertCatalogWrite, assertUnreferenced, catalogListWhere, jsonArrayContains, type CatalogListQuery } from "./shared";

type PartitionRow = typeof partitions.$inferSelect;

export function toPartitionDto(r: PartitionRow): PartitionDto {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    bootConfig: r.bootConfig,
    mgmtServiceAddress: r.mgmtServiceAddress,
    dnsServers: r.dnsServers,
    ntpServers: r.ntpServers,
    labels: r.labels,
    bootNetworks: r.bootNetworks,
    bmcNetworks: r.bmcNetworks,
    bootMode: r.bootMode,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function getPartitionRow(ex: Executor, id: string, lock?: "update" | "share"): Promise<PartitionRow> {
  const q = ex.select().from(partitions).where(eq(partitions.id, id)).limit(1);
  const [row] = lock ? await q.for(lock) : await q;
  if (!row) throw new NotFoundError("Partition", id);
  return row;
}

export async function getPartition(actor: Actor, id: string): Promise<PartitionDto> {
  assertCatalogRead(actor);
  return toPartitionDto(await getPartitionRow(await getDb(), id));
}

export async function listPartitions(actor: Actor, q: CatalogListQuery) {
  assertCatalogRead(actor);
  const db = await getDb();
  const rows = await db.select().from(partitions).where(and(...catalogListWhere(partitions, q))).orderBy(asc(partitions.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, toPartitionDto);
}

export async function createPartition(actor: Actor, input: CreatePartitionInput, tx?: Executor): Promise<PartitionDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    const [row] = await t.insert(partitions).values(input).returning();
    const dto = toPartitionDto(row);
    await recordAudit(t, actor, { action: "partition.create", targetType: "partition", targetId: row.id, after: dto });
    return dto;
  });
}

export async function updatePartition(actor: Actor, id: string, input: UpdatePartitionInput, tx?: Executor): Promise<PartitionDto> {
  assertCatalogWrite(actor);
  return inTx(tx, async (t) => {
    const before = await getPartitionRow(t, id, "update");
    const [row] = await t.update(partitions).set({ ...input, updatedAt: new Date() }).where(eq(partitions.id, id)).returning();
    // Which BMCs may be contacted follows the networks at once (same transaction).
    if (input.bmcNetworks) await refreshBmcNetworkFlags(t, { partitionId: id });
    const dto = toPartitionDto(row);
    await recordAudit(t, actor, { action: "partition.update", targetType: "partition", targetId: id, before: toPartitionDto(before), after: dto });
    return dto;
  });
}

export async function deletePartition(actor: Actor, id: string, tx?: Executor): Promise<void> {
  assertCatalogWrite(actor);
  await inTx(tx, async (t) => {
    // FOR UPDATE also waits for (and then blocks) machines being inserted into this partition.
    const before = await getPartitionRow(t, id, "update");
    const [{ n: machineCount }] = await t.select({ n: count() }).from(machines).where(eq(machines.partitionId, id));
    const [{ n: reservationCount }] = await t.select({ n: count() }).from(sizeReservations).where(jsonArrayContains(sizeReservations.partitionIds, id));
    assertUnreferenced(`partition ${id}`, [
      { label: "machine", key: "machines", count: machineCount },
      { label: "size reservation", key: "sizeReservations", count: reservationCount },
    ]);
    await t.delete(partitions).where(eq(partitions.id, id));
    await recordAudit(t, actor, { action: "partition.delete", targetType: "partition", targetId: id, before: toPartitionDto(before) });
  });
}

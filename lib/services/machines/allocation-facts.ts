import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { columnsOf, fromDriverRow, prepare, runPrepared } from "@/lib/db/prepared";
import { networks } from "@/lib/db/schema";
import { parseImageId } from "@/lib/domain/catalog";
import type { PlacementCandidate } from "@/lib/domain/lifecycle";
import { fromRow as prefixFromRow, type PrefixRow } from "@/lib/services/ipam/engine";
import type { NetworkRow } from "@/lib/services/networks/access";
import type { KnownPrefix } from "@/lib/services/networks/ips";
import type { CatalogFacts, ImageRow, LayoutRow, ProjectFacts } from "./allocation-checks";
import { BATCH, inPool } from "./allocation-placement";

/**
 * Everything an allocation reads before it claims a machine, in ONE prepared statement (issue 14:
 * it was the project and catalog, the project's private networks, their prefixes and the pool
 * view — four statements): the project, the catalog facts (allocation-checks.ts decides on them),
 * the project's private networks in the partition with their prefixes (KEY SHARE locked, so
 * they cannot be deleted under the allocation), and the pool view (PoolView below). The
 * networks and the pool are read only when asked for (no named network / no named machine).
 */
export type PoolView = { reserved: boolean; counts: Record<string, number>; batch: PlacementCandidate[] };
export type AllocationFacts = CatalogFacts & {
  project: ProjectFacts | null;
  /** The project's private networks in the partition, locked; null when not asked for. */
  ownNetworks: NetworkRow[] | null;
  /** The prefixes of ownNetworks, with their IPAM prefixes. */
  prefixes: KnownPrefix[];
  pool: PoolView | null;
};

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type PrefixJson = PrefixRow & { network_id: string; np_cidr: string; np_family: number; ipam_prefix_id: string };
type Raw = {
  project: ProjectFacts | null; partition: boolean; size: boolean; images: Json<ImageRow>[]; constraint: Record<string, string> | null; layouts: Json<LayoutRow>[];
  own_networks: Record<string, unknown>[] | null; prefixes: PrefixJson[]; pool: PoolView | null;
};

const p = sql.placeholder;
const pool = { partitionId: p("partitionId"), sizeId: p("sizeId") };
const ownNetworks = sql`select id from networks where project_id = ${p("projectId")} and partition_id = ${p("partitionId")} and kind = 'private'`;

/**
 * The pool view: whether the pool has size reservations, the machines of this role the project
 * already has per rack of the partition, and a batch of candidates (least-used racks first, then
 * random), read WITHOUT locking (claimPoolMachine locks only the one it picks).
 */
const factsStatement = prepare("allocation_facts", sql`
  with counts as (
    select m.rack, count(*)::int as n from machine_allocations a join machines m on m.id = a.machine_id
    where ${p("withPool")}::boolean and a.project_id = ${p("projectId")} and a.role = 'machine' and m.partition_id = ${p("partitionId")} group by m.rack
  )
  select
    (select json_build_object('id', id, 'tenantId', tenant_id, 'name', name, 'quotas', quotas) from projects where id = ${p("projectId")}) as project,
    exists (select 1 from partitions where id = ${p("partitionId")}) as partition,
    exists (select 1 from sizes where id = ${p("sizeId")}) as size,
    (select coalesce(json_agg(json_build_object('id', id, 'os', os, 'version', version, 'name', name, 'description', description, 'url', url, 'sha256', sha256,
      'features', features, 'classification', classification, 'expiresAt', expires_at, 'createdAt', created_at, 'updatedAt', updated_at)), '[]') from images where os = ${p("os")}) as images,
    (select images from size_image_constraints where size_id = ${p("sizeId")}) as "constraint",
    (select coalesce(json_agg(json_build_object('id', id, 'name', name, 'description', description, 'spec', spec, 'constraints', constraints,
      'createdAt', created_at, 'updatedAt', updated_at) order by id), '[]') from filesystem_layouts) as layouts,
    case when ${p("withNetworks")}::boolean then (select coalesce(json_agg(n), '[]') from (
      select ${columnsOf(networks, "networks")} from networks where id in (${ownNetworks}) for key share) n) end as own_networks,
    (select coalesce(json_agg(x), '[]') from (
      select np.network_id, np.ipam_prefix_id, np.cidr as np_cidr, np.family as np_family,
        ip.id, ip.namespace, ip.cidr, ip.family, ip.network::text as network, ip.length, ip.parent_id, ip.mode
      from network_prefixes np join ipam_prefixes ip on ip.id = np.ipam_prefix_id
      where ${p("withNetworks")}::boolean and np.network_id in (${ownNetworks})) x) as prefixes,
    case when ${p("withPool")}::boolean then json_build_object(
      'reserved', exists (select 1 from size_reservations r where r.size_id = ${p("sizeId")} and r.partition_ids @> ${p("partitionJson")}::jsonb),
      'counts', (select coalesce(json_object_agg(rack, n), '{}') from counts),
      'batch', (select coalesce(json_agg(json_build_object('id', c.id, 'rack', c.rack)), '[]') from (
        select machines.id, machines.rack from machines left join counts on counts.rack = machines.rack
        where ${inPool(pool)} order by coalesce(counts.n, 0), random() limit ${BATCH}) c)) end as pool`);

const date = (v: string) => new Date(v);

/**
 * `projectId`: the project to read (its facts are null when there is none); `withNetworks`: read and
 * lock its private networks in the partition; `withPool`: read the pool view of (partition, size).
 */
export async function readAllocationFacts(tx: Executor, q: { partitionId: string; sizeId: string; image: string; projectId?: string; withNetworks?: boolean; withPool?: boolean }): Promise<AllocationFacts> {
  const parsed = parseImageId(q.image);
  const [row] = await runPrepared<Raw>(tx, factsStatement, {
    projectId: q.projectId ?? null, partitionId: q.partitionId, sizeId: q.sizeId, os: parsed.ok ? parsed.value.os : null,
    partitionJson: JSON.stringify([q.partitionId]), withNetworks: Boolean(q.withNetworks && q.projectId), withPool: Boolean(q.withPool && q.projectId),
  });
  return {
    project: row.project,
    partition: row.partition,
    size: row.size,
    constraint: row.constraint,
    images: row.images.map((i) => ({ ...i, expiresAt: i.expiresAt === null ? null : date(i.expiresAt), createdAt: date(i.createdAt), updatedAt: date(i.updatedAt) }) as ImageRow),
    layouts: row.layouts.map((l) => ({ ...l, createdAt: date(l.createdAt), updatedAt: date(l.updatedAt) }) as LayoutRow),
    ownNetworks: row.own_networks?.map((n) => fromDriverRow(networks, n)) ?? null,
    prefixes: row.prefixes.map((r) => ({ networkId: r.network_id, ipamPrefixId: r.ipam_prefix_id, cidr: r.np_cidr, family: r.np_family, ipam: prefixFromRow(r) })),
    pool: row.pool,
  };
}

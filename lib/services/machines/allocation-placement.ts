import { count, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw";
import { columnsOf, fromDriverRow, type Prepared, prepare, runPrepared } from "@/lib/db/prepared";
import { machines, projects } from "@/lib/db/schema";
import type { Grant } from "@/lib/auth/grants";
import { pickMachine } from "@/lib/domain/lifecycle";
import type { BmcInfo } from "@/lib/bmc/driver";
import type { PoolView } from "./allocation-facts";
import { type ResourceRow, resourceColumns, resourceCtes, resourceValues, type Slot } from "./allocation-resources";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import type { KnownProject } from "@/lib/services/networks/quotas";
import { canReadOwnedMachine } from "./machines";

/**
 * Which machine an allocation gets (DOMAIN §3.2 steps 2–4): the project's machine quota, size
 * reservations, rack spreading, and the claim itself with FOR UPDATE SKIP LOCKED, so that
 * concurrent allocations never wait for each other and never take the same machine.
 */
export type ClaimedMachine = { id: string; rack: string; sizeId: string | null; hardware: unknown };
type Pool = { partitionId: string; sizeId: string };

/** How many candidates are read per round; only the chosen one is locked. */
export const BATCH = 32;

const m = machines;
/** Unallocated, AVAILABLE (not locked or tainted), pre-booted, healthy and cabled to two leaves: what the pool holds. */
export const inPool = (p: { partitionId: unknown; sizeId: unknown }) => sql`${m.partitionId} = ${p.partitionId} and ${m.sizeId} = ${p.sizeId} and ${m.projectId} is null
  and ${m.condition} = 'AVAILABLE' and ${m.provisioningState} = 'Waiting' and ${m.liveliness} = 'Alive'
  and not ${m.crashLoop} and not ${m.failedReclaim} and ${m.cablingIssue} is null`;

export function noMachine(p: Pool, why = ""): ConflictError {
  return new ConflictError(`No machine available of size ${p.sizeId} in partition ${p.partitionId}${why}.`, "no_machine_available", { sizeId: p.sizeId, partitionId: p.partitionId });
}

/**
 * projects.quotas.machines, counted over all partitions. Like the network and IP quotas, only
 * a project with a quota is locked, so unlimited projects allocate fully in parallel.
 */
export async function assertMachineQuota(tx: Executor, projectId: string, known?: KnownProject): Promise<void> {
  const [p] = known ? [known] : await tx.select({ quotas: projects.quotas, name: projects.name }).from(projects).where(eq(projects.id, projectId)).limit(1);
  const limit = p?.quotas.machines;
  if (limit === undefined || limit === null) return;
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("update");
  const [{ n }] = await tx.select({ n: count() }).from(machines).where(eq(machines.projectId, projectId));
  if (n >= limit) throw new ConflictError(`Project ${p.name} has reached its quota of ${limit} machines.`, "quota_exceeded", { quota: { kind: "machines", limit, used: n } });
}

/**
 * DOMAIN §3.2 step 3, with capacity.ts's arithmetic: a reservation holds back
 * max(0, amount − machines of the size its project holds in the partition). A project under
 * its own reservation may take any waiting machine; any other only what the waiting machines
 * exceed the others' unused reservations by. When reservations exist for the pool, allocations
 * of it are serialised (advisory lock) so two of them cannot both take the last unreserved one;
 * pools without reservations never take this lock.
 */
const reservationsOf = (p: Pool) => sql`r.size_id = ${p.sizeId} and r.partition_ids @> ${JSON.stringify([p.partitionId])}::jsonb`;

/** `reserved`: whether the pool has reservations, as the pool view found (allocation-facts.ts; null: look). */
export async function assertReservationsAllow(tx: Executor, projectId: string, p: Pool, reserved: boolean | null = null): Promise<void> {
  const inPartition = reservationsOf(p);
  if (reserved === null) reserved = (await queryRows(tx, sql`select 1 from size_reservations r where ${inPartition} limit 1`)).length > 0;
  if (!reserved) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reservations:${p.partitionId}:${p.sizeId}`}))`);
  const [r] = await queryRows<{ waiting: number; own: number; others: number }>(tx, sql`
    with res as (
      select r.project_id, sum(r.amount)::int as amount from size_reservations r where ${inPartition} group by r.project_id
    ), held as (
      select project_id, count(*)::int as n from machines
      where partition_id = ${p.partitionId} and size_id = ${p.sizeId} and project_id in (select project_id from res) group by project_id
    ), unused as (
      select res.project_id, greatest(0, res.amount - coalesce(held.n, 0)) as n from res left join held on held.project_id = res.project_id
    )
    select (select count(*)::int from machines where ${inPool(p)}) as waiting,
      coalesce((select sum(n)::int from unused where project_id = ${projectId}), 0) as own,
      coalesce((select sum(n)::int from unused where project_id <> ${projectId}), 0) as others`);
  if (r.own > 0 || r.waiting > r.others) return;
  if (r.waiting === 0) throw noMachine(p);
  throw noMachine(p, `: the ${r.waiting} waiting are reserved for other projects`);
}

/**
 * A claimed machine: its row as the claim locked it, with what the DTO shows of its provisioning
 * and BMC (read in the claim's statement, so the allocation does not read the machine again).
 */
export type PoolClaim = { machine: typeof machines.$inferSelect; container: unknown; lastEventTime: Date | null; bmcInfo: BmcInfo | null };

const p = sql.placeholder;
const pool = { partitionId: p("partitionId"), sizeId: p("sizeId") };
/**
 * One claim attempt, prepared, in ONE statement: the machine row (SKIP LOCKED, re-checking the
 * pool conditions on the latest row version), its provisioning and BMC; KEY SHARE locks on the
 * chosen image and layout (neither can be deleted before the allocation referencing them
 * commits); and, only when the machine was won, its IPs and ASN (allocation-resources.ts: tried
 * locks only). Two forms: the machine picked from the batch, or the first free one of the
 * least-used rack (by the pool view's counts) when the batch has run dry; one text per number of
 * addresses `k`.
 */
const statements = new Map<string, Prepared>();
function claimStatement(kind: "picked" | "any", k: number): Prepared {
  const name = `allocation_claim_${kind}_${k}`;
  let st = statements.get(name);
  if (st) return st;
  const which = kind === "picked" ? sql`and machines.id = ${p("pick")}` : sql`order by coalesce((${p("counts")}::jsonb ->> machines.rack)::int, 0), random() limit 1`;
  st = prepare(name, sql`
    with cat as (select (select id from images where id = ${p("imageId")} for key share) as image,
      (select id from filesystem_layouts where id = ${p("layoutId")} for key share) as layout),
    claimed as (
      select ${columnsOf(m, "machines")}, pr.container as x_container, pr.last_event_time::text as x_last_event_time, b.info as x_bmc_info,
        cat.image as x_image, cat.layout as x_layout
      from machines left join machine_provisioning pr on pr.machine_id = machines.id left join machine_bmcs b on b.machine_id = machines.id cross join cat
      where ${inPool(pool)} ${which} for update of machines skip locked),
    ${resourceCtes(k, sql`(select id from claimed)`, sql`exists (select 1 from claimed)`)}
    select claimed.*, ${resourceColumns(k)} from claimed left join pick on true`);
  statements.set(name, st);
  return st;
}

type ClaimRow = ResourceRow & { x_container: unknown; x_last_event_time: string | null; x_bmc_info: BmcInfo | null; x_image: string | null; x_layout: string | null };

/**
 * Chooses from the view's batch with pickMachine and locks only the chosen row. Locking the whole
 * batch would make concurrent allocations skip up to BATCH machines each and answer 409 while
 * machines are still free. A chosen row that another transaction holds or has just taken is
 * dropped and the next one chosen; when the batch runs dry, one locking query over the whole pool
 * decides, so "no machine available" means every remaining machine is being taken by someone
 * else. The image and layout are locked with the machine (422 when deleted meanwhile), and the
 * won machine's resources taken with it (`resources`: what the fast path found).
 */
export async function claimPoolMachine(tx: Executor, view: PoolView, pl: Pool, catalog: { imageId: string; layoutId: string }, slots: Slot[], random: () => number = Math.random): Promise<PoolClaim & { resources: ResourceRow }> {
  const { counts } = view;
  const values = { ...pl, ...catalog, ...resourceValues(slots) };
  const attempt = async (pick: string | null) => {
    const [row] = pick === null
      ? await runPrepared<ClaimRow>(tx, claimStatement("any", slots.length), { ...values, counts: JSON.stringify(counts) })
      : await runPrepared<ClaimRow>(tx, claimStatement("picked", slots.length), { ...values, pick });
    if (!row) return null;
    if (row.x_image === null) throw new ValidationError([{ field: "body.image", message: `no image ${catalog.imageId}` }]);
    if (row.x_layout === null) throw new ValidationError([{ field: "body.filesystemLayoutId", message: `no filesystem layout ${catalog.layoutId}` }]);
    return {
      machine: fromDriverRow(m, row), container: row.x_container, lastEventTime: row.x_last_event_time === null ? null : new Date(row.x_last_event_time), bmcInfo: row.x_bmc_info,
      resources: row,
    };
  };
  let batch = view.batch;
  while (batch.length) {
    const id = pickMachine(batch, counts, random)!;
    const won = await attempt(id);
    if (won) return won;
    batch = batch.filter((c) => c.id !== id);
  }
  const last = await attempt(null);
  if (!last) throw noMachine(pl);
  return last;
}

/**
 * Allocation by machine id skips the pool (DOMAIN §3.2 step 2): the machine must be free and
 * in the partition (and of the size, when one is given); it need not be Waiting. Waits for
 * the row lock rather than skipping it, so a racing allocation of the same id gets a clear 409.
 * A LOCKED machine is an operator's hold and is never handed out. A machine allocated to a
 * project the caller may not read answers exactly as an unknown id does, before any other
 * check: its existence, partition and size are not the caller's to learn.
 */
export async function claimExplicitMachine(tx: Executor, grants: Grant[], machineId: string, partitionId: string, sizeId?: string): Promise<ClaimedMachine & { sizeId: string }> {
  const [row] = await tx.select({ id: m.id, rack: m.rack, sizeId: m.sizeId, hardware: m.hardware, partitionId: m.partitionId, projectId: m.projectId, condition: m.condition, reason: m.conditionReason, cablingIssue: m.cablingIssue })
    .from(m).where(eq(m.id, machineId)).limit(1).for("update");
  const invalid = (message: string) => new ValidationError([{ field: "body.machineId", message }]);
  // The owner is read after the lock, not joined into it: a join partner is not re-read when the
  // locked row changed under us (PostgreSQL re-checks only the locked row), so it could be stale.
  const [owner] = row?.projectId ? await tx.select({ tenantId: projects.tenantId }).from(projects).where(eq(projects.id, row.projectId)).limit(1) : [];
  if (!row || (row.projectId !== null && !canReadOwnedMachine(grants, { projectId: row.projectId, tenantId: owner?.tenantId ?? null }))) throw invalid(`no machine ${machineId}`);
  if (row.partitionId !== partitionId) throw invalid(`machine ${machineId} is in partition ${row.partitionId}, not ${partitionId}`);
  if (row.projectId) throw new ConflictError(`Machine ${machineId} is already allocated.`, "machine_allocated");
  if (row.condition === "LOCKED") throw new ConflictError(`Machine ${machineId} is LOCKED (${row.reason || "no reason given"}).`, "machine_locked");
  if (!row.sizeId) throw invalid(`machine ${machineId} matches no size`);
  if (row.cablingIssue) throw new ConflictError(`Machine ${machineId} is not cabled correctly: ${row.cablingIssue}.`, "machine_miscabled");
  if (sizeId && row.sizeId !== sizeId) throw invalid(`machine ${machineId} is of size ${row.sizeId}, not ${sizeId}`);
  return { id: row.id, rack: row.rack, sizeId: row.sizeId, hardware: row.hardware };
}

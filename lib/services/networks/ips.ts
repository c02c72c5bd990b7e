import { and, asc, count, eq, gt, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { can, isAdmin } from "@/lib/auth/permissions";
import type { AcquireIpInput, IpDto, ListIpsQuery, UpdateIpInput } from "@/lib/contracts/networks";
import { getDb, type Executor } from "@/lib/db/client";
import { ips, networkPrefixes } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { formatIp, parseIp, prefixContains } from "@/lib/domain/ipam";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { numberedPage, type RowSortKey, sortedPage } from "@/lib/http/sorting";
import { acquireNextIp, acquireSpecificIp, fromRow as prefixFromRow, getPrefix, type IpamPrefix, type PrefixRow, releaseIp as releaseIpamIp } from "@/lib/services/ipam/engine";
import { queryRows } from "@/lib/db/raw";
import { recordAudit } from "../audit";
import { containsPattern } from "../search";
import { inTx } from "../tx";
import { projectIsReadable } from "../visibility";
import { getProjectRef, getReadableNetwork, getWritableProject, type NetworkRow, networkUsableBy } from "./access";
import { assertQuota, type KnownProject } from "./quotas";

export type IpRow = typeof ips.$inferSelect;

export function toIpDto(r: IpRow): IpDto {
  return {
    id: r.id, address: r.address, family: r.family as 4 | 6, networkId: r.networkId, projectId: r.projectId, kind: r.kind,
    machineId: r.machineId, name: r.name, description: r.description, tags: r.tags,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

const ipAudit = (r: IpRow) => ({ targetType: "ip", targetId: r.id, projectId: r.projectId });

/** Takes the next free (or the given) address of the network for a project. */
export async function acquireIp(actor: Actor, input: AcquireIpInput, tx?: Executor): Promise<IpDto> {
  return inTx(tx, async (t) => {
    const grants = actor.principal.grants;
    const project = await getWritableProject(t, grants, input.projectId);
    const { net } = await getReadableNetwork(t, grants, input.networkId).catch(() => {
      throw new ValidationError([{ field: "body.networkId", message: "no such network" }]);
    });
    const infraIp = !networkUsableBy(net, project.id);
    if (infraIp && !(isAdmin(grants, "editor") && ["underlay", "super", "super-namespaced"].includes(net.kind))) {
      throw new ValidationError([{ field: "body.networkId", message: `project ${project.id} may not take addresses from this network` }]);
    }
    const row = await acquireIpInTx(t, net, { ...input, projectId: project.id });
    await recordAudit(t, actor, { action: "ip.acquire", ...ipAudit(row), after: toIpDto(row) });
    return toIpDto(row);
  });
}

export type IpAcquisition = Omit<AcquireIpInput, "networkId"> & { machineId?: string | null };

/** A network's prefix with its IPAM prefix, as readNetworkPrefixes returns it. */
export type KnownPrefix = { networkId: string; ipamPrefixId: string; cidr: string; family: number; ipam: IpamPrefix };

/** The prefixes of the given networks with their IPAM prefixes, in one statement. */
export async function readNetworkPrefixes(tx: Executor, networkIds: string[]): Promise<KnownPrefix[]> {
  const rows = await queryRows<PrefixRow & { network_id: string; np_cidr: string; np_family: number; ipam_prefix_id: string }>(tx, sql`
    select np.network_id, np.ipam_prefix_id, np.cidr as np_cidr, np.family as np_family,
      p.id, p.namespace, p.cidr, p.family, p.network::text as network, p.length, p.parent_id, p.mode
    from network_prefixes np join ipam_prefixes p on p.id = np.ipam_prefix_id
    where np.network_id in ${networkIds.length ? sql`(${sql.join(networkIds.map((id) => sql`${id}`), sql`, `)})` : sql`(null)`}`);
  return rows.map((r) => ({ networkId: r.network_id, ipamPrefixId: r.ipam_prefix_id, cidr: r.np_cidr, family: r.np_family, ipam: prefixFromRow(r) }));
}

/**
 * The acquisition itself, inside the caller's transaction and WITHOUT authorisation: the caller
 * has decided that `a.projectId` may take addresses from `net` (acquireIp above; machine
 * allocation). Enforces the project's IP quota; 409 when the network is exhausted. `known`:
 * what the caller has read already in this transaction (an allocation: its project, and the
 * prefixes of its networks), so it is not read again.
 */
export async function acquireIpInTx(t: Executor, net: NetworkRow, a: IpAcquisition, known: { project?: KnownProject; prefixes?: KnownPrefix[] } = {}): Promise<IpRow> {
  await assertQuota(t, a.projectId, "ips", known.project);
  const specific = a.address ? parseIp(a.address) : null;
  const family = specific?.family ?? a.family;
  const prefixes: { ipamPrefixId: string; cidr: string; family: number; ipam?: IpamPrefix }[] =
    known.prefixes?.filter((p) => p.networkId === net.id) ?? await t.select().from(networkPrefixes).where(eq(networkPrefixes.networkId, net.id));
  // Without a family or an address, IPv4 is meant when the network has it (no silent fallback to IPv6).
  const wanted = family ?? Math.min(...prefixes.map((p) => p.family));
  const candidates = prefixes.filter((p) => p.family === wanted);
  if (!candidates.length) throw new ValidationError([{ field: family ? "body.family" : "body.networkId", message: `the network has no IPv${family ?? ""} prefix` }]);
  const now = new Date();
  // The ips row goes in with the IPAM's own rows, in the same statement (engine.ts takeAddress).
  const rowFor = (fam: 4 | 6, address: bigint, prefixId: string): IpRow => ({
    id: uuidv7(), address: formatIp(fam, address), family: fam, networkId: net.id, ipamPrefixId: prefixId, projectId: a.projectId,
    kind: a.kind, name: a.name, description: a.description, tags: a.tags, machineId: a.machineId ?? null, createdAt: now, updatedAt: now,
  });
  const taken: { row: IpRow | null } = { row: null };
  for (const np of candidates) {
    const p = np.ipam ?? (await getPrefix(t, np.ipamPrefixId))!;
    const fam = np.family as 4 | 6;
    const insert = (address: bigint) => {
      const row = rowFor(fam, address, p.id);
      taken.row = row;
      return t.insert(ips).values(row).getSQL();
    };
    if (specific) {
      if (!prefixContains(p.prefix, specific)) continue;
      await acquireSpecificIp(t, p, specific.value, insert(specific.value));
    } else if ((await acquireNextIp(t, p, insert)) === null) {
      taken.row = null;
    }
    if (taken.row) break;
  }
  if (specific && taken.row === null) throw new ConflictError(`${a.address} is outside network ${net.name || net.id} (${prefixes.map((p) => p.cidr).join(", ")}).`, "ip_outside_network");
  if (taken.row === null) throw new ConflictError(`No free IP in network ${net.name || net.id}.`, "ip_exhausted");
  return taken.row;
}

/** Gives an address back to the IPAM and deletes its row (no authorisation, no audit: the caller's). */
export async function releaseIpInTx(t: Executor, row: IpRow): Promise<void> {
  const prefix = await getPrefix(t, row.ipamPrefixId);
  if (prefix) await releaseIpamIp(t, prefix, parseIp(row.address).value);
  await t.delete(ips).where(eq(ips.id, row.id));
}

/** An IP of a project the caller can read; others are "not found" (existence does not leak). */
async function getReadableIp(ex: Executor, actor: Actor, id: string, lock = false): Promise<{ row: IpRow; tenantId: string }> {
  const q = ex.select().from(ips).where(eq(ips.id, id)).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  const project = row ? await getProjectRef(ex, row.projectId) : null;
  if (!row || !project || !can(actor.principal.grants, "resource.read", { kind: "project", tenantId: project.tenantId, projectId: project.id })) {
    throw new NotFoundError("IP", id);
  }
  return { row, tenantId: project.tenantId };
}

async function getWritableIp(ex: Executor, actor: Actor, id: string): Promise<IpRow> {
  const { row, tenantId } = await getReadableIp(ex, actor, id, true);
  if (!can(actor.principal.grants, "resource.write", { kind: "project", tenantId, projectId: row.projectId })) throw new ForbiddenError("Changing IPs needs the editor role in the project.");
  return row;
}

export async function getIp(actor: Actor, id: string): Promise<IpDto> {
  return toIpDto((await getReadableIp(await getDb(), actor, id)).row);
}

/** Addresses sort as addresses (10.0.0.2 before 10.0.0.10), not as text. */
const ipSorts: Record<NonNullable<ListIpsQuery["sort"]>, RowSortKey<IpRow>> = {
  address: { expr: ips.address, cast: "inet", value: (r) => r.address },
  name: { expr: ips.name, value: (r) => r.name },
  kind: { expr: ips.kind, value: (r) => r.kind },
  created: { expr: ips.createdAt, cast: "timestamptz", value: (r) => r.createdAt.toISOString() },
};

export async function listIps(actor: Actor, q: ListIpsQuery) {
  const db = await getDb();
  const where: (SQL | undefined)[] = [projectIsReadable(actor.principal.grants, ips.projectId)];
  const after = q.sort ? undefined : decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(ips.id, String(after)));
  if (q.projectId) where.push(eq(ips.projectId, q.projectId));
  if (q.networkId) where.push(eq(ips.networkId, q.networkId));
  if (q.kind) where.push(eq(ips.kind, q.kind));
  if (q.q) where.push(or(ilike(ips.name, containsPattern(q.q)), ilike(ips.address, containsPattern(q.q)), sql`${ips.tags} ? ${q.q}`));
  if (q.page) {
    return numberedPage({ ...q, page: q.page }, {
      key: q.sort && ipSorts[q.sort], id: ips.id, rowId: (r) => r.id, where, map: toIpDto,
      select: (w, orderBy, limit, offset) => db.select().from(ips).where(and(...w)).orderBy(...orderBy).limit(limit).offset(offset),
      count: async (w) => (await db.select({ n: count() }).from(ips).where(and(...w)))[0].n,
    });
  }
  if (q.sort) {
    return sortedPage({ ...q, sort: q.sort }, {
      key: ipSorts[q.sort], id: ips.id, rowId: (r) => r.id, where, map: toIpDto,
      select: (w, orderBy, limit) => db.select().from(ips).where(and(...w)).orderBy(...orderBy).limit(limit),
    });
  }
  const rows = await db.select().from(ips).where(and(...where)).orderBy(asc(ips.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, toIpDto);
}

export async function updateIp(actor: Actor, id: string, input: UpdateIpInput, tx?: Executor): Promise<IpDto> {
  return inTx(tx, async (t) => {
    const before = await getWritableIp(t, actor, id);
    const [row] = await t.update(ips).set({ ...input, updatedAt: new Date() }).where(eq(ips.id, id)).returning();
    await recordAudit(t, actor, { action: "ip.update", ...ipAudit(row), before: toIpDto(before), after: toIpDto(row) });
    return toIpDto(row);
  });
}

/** Gives the address back to the network. Refused while a machine uses it. */
export async function releaseIp(actor: Actor, id: string, tx?: Executor): Promise<void> {
  await inTx(tx, async (t) => {
    const row = await getWritableIp(t, actor, id);
    if (row.machineId) throw new ConflictError(`${row.address} is attached to machine ${row.machineId}; free the machine first.`, "ip_in_use");
    await releaseIpInTx(t, row);
    await recordAudit(t, actor, { action: "ip.release", ...ipAudit(row), before: toIpDto(row) });
  });
}

import { and, asc, count, eq, gt, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { can, isAdmin } from "@/lib/auth/permissions";
import { type CreateNetworkInput, isPrivateNetworkInput, type ListNetworksQuery, type NetworkDto, type UpdateNetworkInput } from "@/lib/contracts/networks";
import { getDb, type Executor } from "@/lib/db/client";
import { ips, networkPrefixes, networks } from "@/lib/db/schema";
import { formatPrefix, parseIp, parsePrefix } from "@/lib/domain/ipam";
import { ConflictError, ForbiddenError } from "@/lib/http/errors";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { numberedPage, type RowSortKey, sortedPage } from "@/lib/http/sorting";
import { deletePrefix, getPrefix, releaseIp as releaseIpamIp } from "@/lib/services/ipam/engine";
import { releasePoolValue } from "@/lib/services/ipam/pools";
import { recordAudit } from "../audit";
import { containsPattern } from "../search";
import { inTx } from "../tx";
import { projectIsReadable, readableProjectIdsQuery } from "../visibility";
import { canWriteNetwork, getReadableNetwork } from "./access";
import { childNetworkCount, createAdminNetwork, createPrivateNetwork } from "./create";
import { toNetworkDto } from "./dto";

const audit = (net: { id: string; projectId: string | null }) => ({ targetType: "network", targetId: net.id, projectId: net.projectId });

export async function createNetwork(actor: Actor, input: CreateNetworkInput, tx?: Executor): Promise<NetworkDto> {
  return inTx(tx, async (t) => {
    const row = isPrivateNetworkInput(input)
      ? await createPrivateNetwork(t, actor, input)
      : await createAdminNetwork(t, actor, input);
    const dto = await toNetworkDto(t, row);
    await recordAudit(t, actor, { action: "network.create", ...audit(row), after: dto });
    return dto;
  });
}

export async function getNetwork(actor: Actor, id: string): Promise<NetworkDto> {
  const db = await getDb();
  return toNetworkDto(db, (await getReadableNetwork(db, actor.principal.grants, id)).net);
}

/** Operators see all; others their projects' networks, shared ones and external ones open to them. */
function visibleNetworks(actor: Actor): SQL | undefined {
  const grants = actor.principal.grants;
  if (can(grants, "infra.read", { kind: "global" })) return undefined;
  const mine = projectIsReadable(grants, networks.projectId);
  const openExternal = sql`${networks.kind} = 'external' and (${networks.allowedProjectIds} is null or ${networks.allowedProjectIds} ?| array(${readableProjectIdsQuery(grants)}))`;
  return or(sql`${networks.kind} = 'private-shared'`, openExternal, and(sql`${networks.kind} in ('private', 'private-shared')`, mine));
}

type NetworkTableRow = typeof networks.$inferSelect;
const networkSorts: Record<NonNullable<ListNetworksQuery["sort"]>, RowSortKey<NetworkTableRow>> = {
  name: { expr: networks.name, value: (r) => r.name },
  partition: { expr: sql`coalesce(${networks.partitionId}, '')`, value: (r) => r.partitionId ?? "" },
  kind: { expr: networks.kind, value: (r) => r.kind },
  created: { expr: networks.createdAt, cast: "timestamptz", value: (r) => r.createdAt.toISOString() },
};

export async function listNetworks(actor: Actor, q: ListNetworksQuery) {
  const db = await getDb();
  const where: (SQL | undefined)[] = [visibleNetworks(actor)];
  const after = q.sort ? undefined : decodeCursor(q.cursor);
  if (after !== undefined) where.push(gt(networks.id, String(after)));
  if (q.projectId) where.push(eq(networks.projectId, q.projectId));
  if (q.partitionId) where.push(eq(networks.partitionId, q.partitionId));
  if (q.kind) where.push(eq(networks.kind, q.kind));
  if (q.q) where.push(or(ilike(networks.name, containsPattern(q.q)), ilike(networks.id, containsPattern(q.q))));
  const page = q.page
    ? await numberedPage({ ...q, page: q.page }, {
      key: q.sort && networkSorts[q.sort], id: networks.id, rowId: (r) => r.id, where, map: (r) => r,
      select: (w, orderBy, limit, offset) => db.select().from(networks).where(and(...w)).orderBy(...orderBy).limit(limit).offset(offset),
      count: async (w) => (await db.select({ n: count() }).from(networks).where(and(...w)))[0].n,
    })
    : q.sort
    ? await sortedPage({ ...q, sort: q.sort }, {
      key: networkSorts[q.sort], id: networks.id, rowId: (r) => r.id, where, map: (r) => r,
      select: (w, orderBy, limit) => db.select().from(networks).where(and(...w)).orderBy(...orderBy).limit(limit),
    })
    : toPage(await db.select().from(networks).where(and(...where)).orderBy(asc(networks.id)).limit(q.limit + 1), q.limit, (r) => r.id, (r) => r);
  return { ...page, items: await Promise.all(page.items.map((r) => toNetworkDto(db, r))) };
}

export async function updateNetwork(actor: Actor, id: string, input: UpdateNetworkInput, tx?: Executor): Promise<NetworkDto> {
  return inTx(tx, async (t) => {
    const { net, owner } = await getReadableNetwork(t, actor.principal.grants, id, true);
    if (!canWriteNetwork(actor.principal.grants, net, owner)) throw new ForbiddenError();
    const infraOnly = input.destinationPrefixes !== undefined || input.nat !== undefined || input.allowedProjectIds !== undefined;
    if (infraOnly && !isAdmin(actor.principal.grants, "editor")) throw new ForbiddenError("Only operators change routing, NAT or who may use a network.");
    const before = await toNetworkDto(t, net);
    const [row] = await t.update(networks).set({
      ...input,
      destinationPrefixes: input.destinationPrefixes?.map((p) => formatPrefix(parsePrefix(p))),
      updatedAt: new Date(),
    }).where(eq(networks.id, id)).returning();
    const dto = await toNetworkDto(t, row);
    await recordAudit(t, actor, { action: "network.update", ...audit(row), before, after: dto });
    return dto;
  });
}

/** Releases the network's ephemeral IPs and its prefixes; refused while machines or static IPs use it. */
export async function deleteNetwork(actor: Actor, id: string, tx?: Executor): Promise<void> {
  await inTx(tx, async (t) => {
    const { net, owner } = await getReadableNetwork(t, actor.principal.grants, id, true);
    if (!canWriteNetwork(actor.principal.grants, net, owner)) throw new ForbiddenError();
    const children = await childNetworkCount(t, id);
    if (children) throw new ConflictError(`Network ${net.name || id} still has ${children} private network(s) taking prefixes from it.`, "still_referenced");
    const held = await t.select().from(ips).where(eq(ips.networkId, id)).for("update");
    const attached = held.filter((i) => i.machineId);
    if (attached.length) throw new ConflictError(`Network ${net.name || id} is used by machine(s) ${[...new Set(attached.map((i) => i.machineId))].join(", ")}.`, "network_in_use");
    const statics = held.filter((i) => i.kind === "static");
    if (statics.length) throw new ConflictError(`Network ${net.name || id} still holds ${statics.length} static IP(s) (${statics.slice(0, 5).map((i) => i.address).join(", ")}); release them first.`, "still_referenced");
    const before = await toNetworkDto(t, net);
    for (const ip of held) {
      const prefix = await getPrefix(t, ip.ipamPrefixId);
      if (prefix) await releaseIpamIp(t, prefix, parseIp(ip.address).value);
    }
    await t.delete(ips).where(eq(ips.networkId, id));
    const prefixes = await t.select().from(networkPrefixes).where(eq(networkPrefixes.networkId, id));
    await t.delete(networkPrefixes).where(eq(networkPrefixes.networkId, id));
    for (const np of prefixes) {
      const p = await getPrefix(t, np.ipamPrefixId);
      if (p) await deletePrefix(t, p);
    }
    if (net.vrf !== null) await releasePoolValue(t, "vni", net.vrf);
    await t.delete(networks).where(eq(networks.id, id));
    await recordAudit(t, actor, { action: "network.delete", ...audit(net), before });
  });
}

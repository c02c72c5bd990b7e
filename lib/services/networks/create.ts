import { and, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import type { CreateAdminNetworkInput, CreatePrivateNetworkInput } from "@/lib/contracts/networks";
import type { Tx } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw";
import { ipamPrefixes, networkPrefixes, networks, partitions } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { formatPrefix, parsePrefix } from "@/lib/domain/ipam";
import { AppError, ConflictError, ForbiddenError, ValidationError } from "@/lib/http/errors";
import { acquireChildPrefix, createPrefix, getPrefix, type IpamPrefix } from "@/lib/services/ipam/engine";
import { acquirePoolValue } from "@/lib/services/ipam/pools";
import { getWritableProject, type NetworkRow } from "./access";
import { assertQuota } from "./quotas";

const DEFAULT_CHILD = { 4: 22, 6: 64 } as const;
const MAX_CHILD = { 4: 30, 6: 126 } as const;
const famKey = (f: 4 | 6) => (f === 4 ? "ipv4" : "ipv6");

async function assertPartition(tx: Tx, id: string | undefined, required: boolean): Promise<void> {
  if (!id) {
    if (required) throw new ValidationError([{ field: "body.partitionId", message: "is required for this kind of network" }]);
    return;
  }
  const [p] = await tx.select({ id: partitions.id }).from(partitions).where(eq(partitions.id, id)).limit(1);
  if (!p) throw new ValidationError([{ field: "body.partitionId", message: "no such partition" }]);
}

/** Registers a top-level prefix; an overlap names the network that owns the other prefix. */
async function registerPrefix(tx: Tx, cidr: string): Promise<IpamPrefix> {
  try {
    return await createPrefix(tx, "", cidr);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "prefix_overlap") throw err;
    const others = (err.extra.overlaps as string[]) ?? [];
    const [owner] = others.length
      ? await tx.select({ id: networks.id, name: networks.name, cidr: networkPrefixes.cidr }).from(networkPrefixes)
          .innerJoin(networks, eq(networks.id, networkPrefixes.networkId)).where(inArray(networkPrefixes.cidr, others)).limit(1)
      : [];
    throw new ConflictError(owner ? `${cidr} overlaps ${owner.cidr} of network ${owner.name || owner.id} (${owner.id}).` : err.message, "prefix_overlap", { network: owner?.id });
  }
}

export async function createAdminNetwork(tx: Tx, actor: Actor, input: CreateAdminNetworkInput): Promise<NetworkRow> {
  if (!can(actor.principal.grants, "infra.write", { kind: "global" })) throw new ForbiddenError("Only operators create underlay, super and external networks.");
  const isSuper = input.kind === "super" || input.kind === "super-namespaced";
  await assertPartition(tx, input.partitionId, isSuper || input.kind === "underlay");
  const parsed = input.prefixes.map((p) => parsePrefix(p));
  const defaults = { ...input.defaultChildPrefixLength };
  if (isSuper) {
    for (const p of parsed) {
      const k = famKey(p.family);
      const len = defaults[k] ?? DEFAULT_CHILD[p.family];
      if (len <= p.length) throw new ValidationError([{ field: `body.defaultChildPrefixLength.${k}`, message: `must be longer than the super prefix /${p.length}` }]);
      defaults[k] = len;
    }
  }
  if (isSuper) {
    const [existing] = await tx.select({ id: networks.id, name: networks.name }).from(networks)
      .where(and(eq(networks.partitionId, input.partitionId!), sql`${networks.kind} in ('super', 'super-namespaced')`)).limit(1);
    if (existing) throw new ConflictError(`Partition ${input.partitionId} already has the super network ${existing.name || existing.id} (${existing.id}); there is at most one per partition.`, "super_network_exists", { network: existing.id });
  }
  const id = input.id ?? uuidv7();
  if (input.vrf !== undefined) await acquirePoolValue(tx, "vni", id, input.vrf);
  const [row] = await tx.insert(networks).values({
    id, name: input.name, description: input.description, kind: input.kind, partitionId: input.partitionId ?? null,
    vrf: input.vrf ?? null, nat: input.nat, destinationPrefixes: input.destinationPrefixes.map((p) => formatPrefix(parsePrefix(p))),
    defaultChildPrefixLength: defaults, minChildPrefixLength: input.minChildPrefixLength,
    allowedProjectIds: input.kind === "external" ? input.allowedProjectIds : null, labels: input.labels,
  }).returning();
  for (const p of parsed) {
    const prefix = await registerPrefix(tx, formatPrefix(p));
    await tx.insert(networkPrefixes).values({ networkId: id, ipamPrefixId: prefix.id, cidr: prefix.cidr, family: p.family });
  }
  return row;
}

/** The super network's IPAM prefix a private child is cut from; namespaced supers get one per project. */
async function parentPrefixFor(tx: Tx, superNet: NetworkRow, cidr: string, projectId: string): Promise<IpamPrefix> {
  const namespace = superNet.kind === "super-namespaced" ? `project:${projectId}` : "";
  const [existing] = await tx.select({ id: ipamPrefixes.id }).from(ipamPrefixes).where(and(eq(ipamPrefixes.namespace, namespace), eq(ipamPrefixes.cidr, cidr))).limit(1);
  if (existing) return (await getPrefix(tx, existing.id))!;
  return createPrefix(tx, namespace, cidr);
}

export async function createPrivateNetwork(tx: Tx, actor: Actor, input: CreatePrivateNetworkInput): Promise<NetworkRow> {
  const project = await getWritableProject(tx, actor.principal.grants, input.projectId);
  await assertPartition(tx, input.partitionId, true);
  const [superNet] = await tx.select().from(networks)
    .where(and(eq(networks.partitionId, input.partitionId), sql`${networks.kind} in ('super', 'super-namespaced')`)).limit(1);
  if (!superNet) throw new ValidationError([{ field: "body.partitionId", message: "this partition has no super network for private networks yet" }]);
  await assertQuota(tx, project.id, "networks");
  const superPrefixes = await tx.select().from(networkPrefixes).where(eq(networkPrefixes.networkId, superNet.id));
  const id = uuidv7();
  const vrf = await acquirePoolValue(tx, "vni", id);
  const [row] = await tx.insert(networks).values({
    id, name: input.name, description: input.description, kind: input.kind, partitionId: input.partitionId,
    projectId: project.id, parentNetworkId: superNet.id, vrf, nat: "none", labels: input.labels,
  }).returning();
  for (const sp of superPrefixes) {
    const fam = sp.family as 4 | 6;
    const k = famKey(fam);
    const length = input.childPrefixLength?.[k] ?? superNet.defaultChildPrefixLength[k] ?? DEFAULT_CHILD[fam];
    const min = superNet.minChildPrefixLength[k] ?? superNet.defaultChildPrefixLength[k] ?? DEFAULT_CHILD[fam];
    if (length < min || length > MAX_CHILD[fam]) {
      throw new ValidationError([{ field: `body.childPrefixLength.${k}`, message: `must be between /${min} and /${MAX_CHILD[fam]}` }]);
    }
    const parent = await parentPrefixFor(tx, superNet, sp.cidr, project.id);
    const child = await acquireChildPrefix(tx, parent, { length });
    if (!child) throw new ConflictError(`No free /${length} is left in super network ${superNet.name || superNet.id} (${sp.cidr}).`, "prefix_exhausted");
    await tx.insert(networkPrefixes).values({ networkId: id, ipamPrefixId: child.id, cidr: child.cidr, family: fam });
  }
  return row;
}

/** Super networks cannot go while private networks still take prefixes from them. */
export async function childNetworkCount(tx: Tx, id: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from networks where parent_network_id = ${id}`);
  return r.n;
}

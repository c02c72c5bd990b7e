import { and, eq } from "drizzle-orm";
import type { Grant } from "@/lib/auth/grants";
import type { Executor } from "@/lib/db/client";
import { networks } from "@/lib/db/schema";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { getReadableNetwork, networkUsableBy, type NetworkRow } from "@/lib/services/networks/access";

/**
 * DOMAIN §3.2 steps 5–6 for machines: exactly one primary private network (the project's only
 * private network in the partition, or the one named, which may be private-shared), plus the
 * external networks asked for; one ephemeral IP per network and address family, attached to
 * the machine. Network rows are KEY SHARE locked so they cannot be deleted under the allocation.
 */
export type PlannedNetwork = { net: NetworkRow; primary: boolean };
type Target = { projectId: string; partitionId: string; networkId?: string; externalNetworkIds: string[] };

const invalid = (field: string, message: string) => new ValidationError([{ field: `body.${field}`, message }]);

/** A network the caller may see (the networks service decides), KEY SHARE locked; null when not found. */
async function lockedNetwork(tx: Executor, grants: Grant[], id: string): Promise<NetworkRow | null> {
  const found = await getReadableNetwork(tx, grants, id).catch((err: unknown) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  if (!found) return null;
  const [still] = await tx.select({ id: networks.id }).from(networks).where(eq(networks.id, id)).limit(1).for("key share");
  return still ? found.net : null;
}

async function primaryNetwork(tx: Executor, grants: Grant[], t: Target, ownLocked: NetworkRow[] | null): Promise<NetworkRow> {
  if (t.networkId) {
    const net = await lockedNetwork(tx, grants, t.networkId);
    if (!net) throw invalid("networkId", "no such network");
    if (net.kind !== "private" && net.kind !== "private-shared") throw invalid("networkId", `must be a private or private-shared network, not ${net.kind}`);
    if (!networkUsableBy(net, t.projectId)) throw invalid("networkId", `project ${t.projectId} may not use this network`);
    if (net.partitionId !== t.partitionId) throw invalid("networkId", `the network is in partition ${net.partitionId}, not ${t.partitionId}`);
    return net;
  }
  const own = ownLocked ?? await tx.select().from(networks)
    .where(and(eq(networks.projectId, t.projectId), eq(networks.partitionId, t.partitionId), eq(networks.kind, "private")))
    .for("key share");
  if (own.length === 1) return own[0];
  throw invalid("networkId", own.length === 0
    ? `the project has no private network in partition ${t.partitionId}; create one, or name a private-shared network`
    : `the project has ${own.length} private networks in partition ${t.partitionId}; name one`);
}

/** `ownLocked`: the project's private networks in the partition, read and KEY SHARE locked already (allocation-facts.ts). */
export async function planNetworks(tx: Executor, grants: Grant[], t: Target, ownLocked: NetworkRow[] | null = null): Promise<PlannedNetwork[]> {
  const planned: PlannedNetwork[] = [{ net: await primaryNetwork(tx, grants, t, ownLocked), primary: true }];
  for (const [i, id] of t.externalNetworkIds.entries()) {
    const field = `externalNetworkIds.${i}`;
    if (t.externalNetworkIds.indexOf(id) < i) throw invalid(field, `${id} is listed twice`);
    const net = await lockedNetwork(tx, grants, id);
    if (!net) throw invalid(field, "no such network");
    if (net.kind !== "external") throw invalid(field, `must be an external network, not ${net.kind}`);
    if (!networkUsableBy(net, t.projectId)) throw invalid(field, `project ${t.projectId} may not use this network`);
    if (net.partitionId !== null && net.partitionId !== t.partitionId) throw invalid(field, `the network is in partition ${net.partitionId}, not ${t.partitionId}`);
    planned.push({ net, primary: false });
  }
  return planned;
}

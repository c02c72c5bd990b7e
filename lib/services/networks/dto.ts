import { eq } from "drizzle-orm";
import type { NetworkDto } from "@/lib/contracts/networks";
import type { Executor } from "@/lib/db/client";
import { networkPrefixes } from "@/lib/db/schema";
import { getPrefix, prefixUsageCounts } from "@/lib/services/ipam/engine";
import type { NetworkRow } from "./access";

/** A network with the usage of each of its prefixes (read from the IPAM gap index). */
export async function toNetworkDto(ex: Executor, net: NetworkRow): Promise<NetworkDto> {
  const prefixes = await ex.select().from(networkPrefixes).where(eq(networkPrefixes.networkId, net.id));
  const usage = await Promise.all(prefixes.map(async (np) => {
    const p = await getPrefix(ex, np.ipamPrefixId);
    const u = p ? await prefixUsageCounts(ex, p) : { acquiredIps: 0, freeIps: "0", childPrefixes: 0, freeAddresses: "0" };
    return { cidr: np.cidr, family: np.family as 4 | 6, acquiredIps: u.acquiredIps, freeIps: u.freeIps, childPrefixes: u.childPrefixes, freeAddresses: u.freeAddresses };
  }));
  usage.sort((a, b) => a.family - b.family);
  return {
    id: net.id,
    name: net.name,
    description: net.description,
    kind: net.kind,
    partitionId: net.partitionId,
    projectId: net.projectId,
    parentNetworkId: net.parentNetworkId,
    prefixes: usage,
    destinationPrefixes: net.destinationPrefixes,
    defaultChildPrefixLength: net.defaultChildPrefixLength,
    minChildPrefixLength: net.minChildPrefixLength,
    vrf: net.vrf,
    nat: net.nat,
    allowedProjectIds: net.allowedProjectIds ?? null,
    labels: net.labels,
    createdAt: net.createdAt.toISOString(),
    updatedAt: net.updatedAt.toISOString(),
  };
}

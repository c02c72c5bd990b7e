import { eq, inArray, sql } from "drizzle-orm";
import type { InstallInstructions } from "@/lib/contracts/agent";
import type { Executor } from "@/lib/db/client";
import { bmcCommands, filesystemLayouts, images, machineAllocations, machines, networkPrefixes, networks, partitions } from "@/lib/db/schema";
import { ConflictError } from "@/lib/http/errors";
import { RECLAIM_ORIGINS } from "../bmc/commands";

type AllocationRow = typeof machineAllocations.$inferSelect;
type LayoutRow = typeof filesystemLayouts.$inferSelect;

/** An allocation the agent still has to install: never installed, or a reinstall was asked for. */
export function installPending(a: Pick<AllocationRow, "succeeded" | "reinstall">): boolean {
  return !a.succeeded || a.reinstall;
}

function layoutOf(r: LayoutRow): InstallInstructions["filesystemLayout"] {
  return {
    id: r.id,
    disks: r.spec.disks.map((d) => ({ ...d, wipeOnReinstall: d.wipeOnReinstall ?? false })),
    raid: r.spec.raid ?? [],
    volumeGroups: r.spec.volumeGroups ?? [],
    logicalVolumes: r.spec.logicalVolumes ?? [],
    filesystems: r.spec.filesystems,
    constraints: r.constraints,
  };
}

async function networksOf(ex: Executor, a: AllocationRow): Promise<InstallInstructions["networks"]> {
  const ids = a.networks.map((n) => n.networkId);
  if (ids.length === 0) return [];
  const rows = await ex.select().from(networks).where(inArray(networks.id, ids));
  const prefixes = await ex.select({ networkId: networkPrefixes.networkId, cidr: networkPrefixes.cidr, family: networkPrefixes.family })
    .from(networkPrefixes).where(inArray(networkPrefixes.networkId, ids));
  return a.networks.map((n) => {
    const net = rows.find((r) => r.id === n.networkId);
    if (!net) throw new ConflictError(`network ${n.networkId} of machine ${a.machineId}'s allocation no longer exists.`, "allocation_inconsistent");
    return {
      networkId: n.networkId,
      kind: net.kind,
      vrf: n.vrf ?? net.vrf,
      primary: n.primary,
      addresses: n.addresses,
      prefixes: prefixes.filter((p) => p.networkId === n.networkId).sort((x, y) => x.family - y.family).map((p) => p.cidr),
      destinationPrefixes: net.destinationPrefixes,
      nat: net.nat !== "none",
    };
  });
}

/**
 * What the agent needs to install the machine's allocation: image URL + checksum, the
 * filesystem layout, networks and IPs, hostname, ssh keys, userdata and the partition's DNS/NTP
 * servers. Null when the machine is not allocated. Read it in one snapshot (see agent-wait).
 */
export async function buildInstallInstructions(tx: Executor, machineId: string): Promise<InstallInstructions | null> {
  const [row] = await tx.select({ allocation: machineAllocations, image: images, layout: filesystemLayouts, partition: partitions })
    .from(machineAllocations)
    .innerJoin(images, eq(images.id, machineAllocations.imageId))
    .innerJoin(filesystemLayouts, eq(filesystemLayouts.id, machineAllocations.filesystemLayoutId))
    .innerJoin(machines, eq(machines.id, machineAllocations.machineId))
    .innerJoin(partitions, eq(partitions.id, machines.partitionId))
    .where(eq(machineAllocations.machineId, machineId))
    .limit(1);
  if (!row) return null;
  const { allocation: a, image, layout, partition } = row;
  return {
    machineId,
    generation: a.generation,
    hostname: a.hostname,
    image: { id: image.id, url: image.url, sha256: image.sha256 },
    filesystemLayout: layoutOf(layout),
    networks: await networksOf(tx, a),
    asn: a.asn,
    sshPublicKeys: a.sshPublicKeys,
    userdata: a.userdata,
    dnsServers: partition.dnsServers,
    ntpServers: partition.ntpServers,
    reinstall: a.reinstall,
  };
}

/**
 * The install instructions if the machine has an allocation still to install, else null. Also
 * null while a reclaim reboot (of a free or resurrection) is running on the machine's BMC: an
 * install started now would be cut off by it; the reboot's end wakes the waiting agent (NOTIFY),
 * and the machine comes back through PXE to install.
 */
export async function pendingInstallInstructions(tx: Executor, machineId: string): Promise<InstallInstructions | null> {
  const rebooting = sql<boolean>`exists (select 1 from ${bmcCommands} where ${bmcCommands.machineId} = ${machineId} and ${bmcCommands.status} = 'running'
    and ${inArray(bmcCommands.origin, RECLAIM_ORIGINS)} and ${bmcCommands.command} = 'power-reset')`;
  const [a] = await tx.select({ succeeded: machineAllocations.succeeded, reinstall: machineAllocations.reinstall, rebooting })
    .from(machineAllocations).where(eq(machineAllocations.machineId, machineId)).limit(1);
  return a && installPending(a) && !a.rebooting ? buildInstallInstructions(tx, machineId) : null;
}

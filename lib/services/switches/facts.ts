import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { ips, machineAllocations, machineConnections, networkPrefixes, networks, switchPorts, switches, switchVlans } from "@/lib/db/schema";
import type { FabricFacts, NetworkFacts } from "@/lib/domain/fabric/desired";
import { NotFoundError } from "@/lib/http/errors";

export type SwitchRow = typeof switches.$inferSelect;
export type PortRow = typeof switchPorts.$inferSelect;
export type LoadedFacts = { row: SwitchRow; ports: PortRow[]; facts: FabricFacts; connections: { machineId: string; nicName: string; port: string }[] };

export async function getSwitchRow(ex: Executor, id: string, lock?: "update" | "no key update"): Promise<SwitchRow> {
  const q = ex.select().from(switches).where(eq(switches.id, id)).limit(1);
  const [row] = lock ? await q.for(lock) : await q;
  if (!row) throw new NotFoundError("Switch", id);
  return row;
}

async function loadNetworks(ex: Executor, ids: string[]): Promise<Map<string, NetworkFacts>> {
  const out = new Map<string, NetworkFacts>();
  let want = [...new Set(ids)];
  // Two rounds: the allocations' networks, then their parents (the super networks).
  for (let round = 0; round < 2 && want.length; round++) {
    const rows = await ex.select({ id: networks.id, kind: networks.kind, vrf: networks.vrf, parent: networks.parentNetworkId, extra: networks.additionalAnnounceablePrefixes })
      .from(networks).where(inArray(networks.id, want));
    const prefixes = await ex.select({ networkId: networkPrefixes.networkId, cidr: networkPrefixes.cidr }).from(networkPrefixes).where(inArray(networkPrefixes.networkId, want));
    for (const r of rows) {
      out.set(r.id, { id: r.id, kind: r.kind, vrf: r.vrf, parentNetworkId: r.parent, additionalAnnounceable: r.extra, prefixes: prefixes.filter((p) => p.networkId === r.id).map((p) => p.cidr) });
    }
    want = [...new Set(rows.map((r) => r.parent).filter((p): p is string => !!p && !out.has(p)))];
  }
  return out;
}

/**
 * Everything the desired state of one switch is computed from (lib/domain/fabric/desired.ts), in
 * a handful of queries: the switch, its ports and VLANs, the machines cabled to it, their
 * allocations, networks (with parents) and their projects' external IPs.
 */
export async function loadFabricFacts(ex: Executor, row: SwitchRow): Promise<LoadedFacts> {
  const ports = await ex.select().from(switchPorts).where(eq(switchPorts.switchId, row.id)).orderBy(asc(switchPorts.position));
  const vlans = await ex.select({ vni: switchVlans.vni, vlan: switchVlans.vlan }).from(switchVlans).where(eq(switchVlans.switchId, row.id));
  const connections = await ex.select({ machineId: machineConnections.machineId, nicName: machineConnections.nicName, port: machineConnections.port })
    .from(machineConnections).where(eq(machineConnections.switchId, row.id));
  const machineIds = connections.map((c) => c.machineId);
  const allocations = machineIds.length
    ? await ex.select({ machineId: machineAllocations.machineId, projectId: machineAllocations.projectId, role: machineAllocations.role, succeeded: machineAllocations.succeeded, networks: machineAllocations.networks })
      .from(machineAllocations).where(inArray(machineAllocations.machineId, machineIds))
    : [];
  const byMachine = new Map(allocations.map((a) => [a.machineId, a]));
  const nets = await loadNetworks(ex, allocations.flatMap((a) => a.networks.map((n) => n.networkId)));
  const projectIds = [...new Set(allocations.map((a) => a.projectId))];
  const external = projectIds.length
    ? await ex.select({ projectId: ips.projectId, address: ips.address }).from(ips).innerJoin(networks, eq(networks.id, ips.networkId))
      .where(and(inArray(ips.projectId, projectIds), eq(networks.kind, "external")))
    : [];
  const externalIps = new Map<string, string[]>();
  for (const e of external) externalIps.set(e.projectId, [...(externalIps.get(e.projectId) ?? []), e.address]);
  const facts: FabricFacts = {
    switch: {
      id: row.id, asn: row.asn, routerId: row.routerId, managementInterface: row.managementInterface,
      ports: ports.map((p) => ({ name: p.name, uplink: p.uplink, adminState: p.desiredAdminState })),
      vlans: new Map(vlans.map((v) => [v.vni, v.vlan])),
    },
    machines: connections.map((c) => {
      const a = byMachine.get(c.machineId);
      return { machineId: c.machineId, port: c.port, allocation: a ? { projectId: a.projectId, role: a.role, installed: a.succeeded, networks: a.networks } : null };
    }),
    networks: nets,
    externalIps,
  };
  return { row, ports, facts, connections };
}

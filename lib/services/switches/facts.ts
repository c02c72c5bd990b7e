import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/raw";
import type { Executor } from "@/lib/db/client";
import { ips, machineAllocations, machineConnections, networks, switchPorts, switches, switchVlans } from "@/lib/db/schema";
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

/** The allocations' networks and their parents (the super networks) with their prefixes, in one query. */
async function loadNetworks(ex: Executor, ids: string[]): Promise<Map<string, NetworkFacts>> {
  const out = new Map<string, NetworkFacts>();
  if (!ids.length) return out;
  const want = sql`(${sql.join([...new Set(ids)].map((id) => sql`${id}`), sql`, `)})`;
  const rows = await queryRows<{ id: string; kind: string; vrf: number | null; parent: string | null; extra: string[]; prefixes: string[] | null }>(ex, sql`
    select n.id, n.kind, n.vrf, n.parent_network_id as parent, n.additional_announceable_prefixes as extra,
      (select json_agg(p.cidr order by p.cidr) from network_prefixes p where p.network_id = n.id) as prefixes
    from networks n where n.id in ${want} or n.id in (select c.parent_network_id from networks c where c.id in ${want})`);
  for (const r of rows) out.set(r.id, { id: r.id, kind: r.kind, vrf: r.vrf, parentNetworkId: r.parent, additionalAnnounceable: r.extra, prefixes: r.prefixes ?? [] });
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
  // The cabled machines with their allocations (if any), in one query.
  const cabled = await ex.select({
    machineId: machineConnections.machineId, nicName: machineConnections.nicName, port: machineConnections.port,
    projectId: machineAllocations.projectId, role: machineAllocations.role, succeeded: machineAllocations.succeeded, networks: machineAllocations.networks,
  }).from(machineConnections).leftJoin(machineAllocations, eq(machineAllocations.machineId, machineConnections.machineId)).where(eq(machineConnections.switchId, row.id));
  const connections = cabled.map((c) => ({ machineId: c.machineId, nicName: c.nicName, port: c.port }));
  const allocations = cabled.flatMap((c) => (c.projectId && c.role && c.networks ? [{ machineId: c.machineId, projectId: c.projectId, role: c.role, succeeded: !!c.succeeded, networks: c.networks }] : []));
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

import type { Actor } from "@/lib/auth/principal";
import type { SearchHitDto, SearchQuery } from "@/lib/contracts/search";
import { listMachines } from "./machines/machines";
import { listIps } from "./networks/ips";
import { listNetworks } from "./networks/networks";
import { listProjects } from "./projects";

const PER_KIND = 5;

/**
 * ⌘K: the same list services the pages use, each with its `q` filter, so search sees exactly
 * what the caller may read (tenant isolation is theirs, not re-implemented here).
 */
export async function searchEverything(actor: Actor, { q }: SearchQuery): Promise<{ items: SearchHitDto[] }> {
  const [machines, ips, networks, projects] = await Promise.all([
    listMachines(actor, { q, limit: PER_KIND }),
    listIps(actor, { q, limit: PER_KIND }),
    listNetworks(actor, { q, limit: PER_KIND }),
    listProjects(actor, { q, limit: PER_KIND }),
  ]);
  return {
    items: [
      ...machines.items.map((m): SearchHitDto => ({ kind: "machine", id: m.id, label: m.allocation?.hostname || m.id, detail: `${m.state} · ${m.partitionId}${m.allocation ? "" : " · free"}`, machineId: m.id })),
      ...ips.items.map((i): SearchHitDto => ({ kind: "ip", id: i.id, label: i.address, detail: i.name || i.kind, machineId: i.machineId })),
      ...networks.items.map((n): SearchHitDto => ({ kind: "network", id: n.id, label: n.name || n.id, detail: `${n.kind}${n.partitionId ? ` · ${n.partitionId}` : ""}`, machineId: null })),
      ...projects.items.map((p): SearchHitDto => ({ kind: "project", id: p.id, label: p.name, detail: p.tenantName, machineId: null })),
    ],
  };
}

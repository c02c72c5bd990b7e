import type { AdminState, DesiredPort, DesiredSwitchState, DesiredVrf, PrefixFilter } from "./types";
import { assignVlans } from "./vlans";

/**
 * The desired state of one leaf (FABRIC §2–3), computed from what the control plane already
 * stores — never stored a second time. Port VRFs follow the machine lifecycle: an allocated
 * machine's ports enter its tenant VRF once its install is reported (the OS that will speak BGP
 * is running); until then, and after a free, they stay unprovisioned (PXE).
 */
export type SwitchFacts = {
  id: string;
  asn: number;
  routerId: string;
  managementInterface: string;
  ports: readonly { name: string; uplink: boolean; adminState: AdminState }[];
  /** The switch's current VNI → VLAN reservations. */
  vlans: ReadonlyMap<number, number>;
};
export type AllocationFacts = {
  projectId: string;
  role: "machine" | "firewall";
  /** The install report arrived (succeeded): the ports may leave the PXE network. */
  installed: boolean;
  networks: readonly { networkId: string; vrf: number | null; primary: boolean; addresses: readonly string[] }[];
};
export type ConnectedMachine = { machineId: string; port: string; allocation: AllocationFacts | null };
export type NetworkFacts = {
  id: string;
  kind: string;
  vrf: number | null;
  prefixes: readonly string[];
  parentNetworkId: string | null;
  /** Further prefixes the children of this (super) network may announce. */
  additionalAnnounceable: readonly string[];
};
export type FabricFacts = {
  switch: SwitchFacts;
  machines: readonly ConnectedMachine[];
  networks: ReadonlyMap<string, NetworkFacts>;
  /** Per project: its IPs in external networks (announced by its machines as /32 or /128). */
  externalIps: ReadonlyMap<string, readonly string[]>;
};

const PRIVATE_KINDS = new Set(["private", "private-shared"]);

/** The private network whose VRF the machine's ports join: the primary one, else the first. */
export function tenantNetwork(a: AllocationFacts, networks: ReadonlyMap<string, NetworkFacts>): NetworkFacts | null {
  const privates = a.networks.map((n) => networks.get(n.networkId)).filter((n): n is NetworkFacts => !!n && PRIVATE_KINDS.has(n.kind) && n.vrf !== null);
  const primary = a.networks.find((n) => n.primary && privates.some((p) => p.id === n.networkId));
  return (primary && networks.get(primary.networkId)) || privates[0] || null;
}

export function emptyFilter(): PrefixFilter {
  return { ipv4: [], ipv6: [] };
}

/** Sorted, deduplicated; addresses without a length become host routes (/32, /128). */
export function toFilter(cidrs: Iterable<string>): PrefixFilter {
  const f = { ipv4: new Set<string>(), ipv6: new Set<string>() };
  for (const raw of cidrs) {
    const v6 = raw.includes(":");
    const cidr = raw.includes("/") ? raw : `${raw}/${v6 ? 128 : 32}`;
    (v6 ? f.ipv6 : f.ipv4).add(cidr);
  }
  return { ipv4: [...f.ipv4].sort(), ipv6: [...f.ipv6].sort() };
}

type PortPlan = { role: DesiredPort["role"]; vni: number | null; machineId: string | null; firewallVnis: number[]; firewallPrefixes: PrefixFilter };

function planPort(m: ConnectedMachine | undefined, facts: FabricFacts): PortPlan {
  const idle: PortPlan = { role: "unprovisioned", vni: null, machineId: m?.machineId ?? null, firewallVnis: [], firewallPrefixes: emptyFilter() };
  const a = m?.allocation;
  if (!m || !a || !a.installed) return idle;
  if (a.role === "firewall") {
    // Hook for firewalls (a later issue): default VRF, only its networks' VNIs out, its own addresses in.
    const vnis = [...new Set(a.networks.map((n) => n.vrf).filter((v): v is number => v !== null))].sort((x, y) => x - y);
    return { ...idle, role: "firewall", firewallVnis: vnis, firewallPrefixes: toFilter(a.networks.flatMap((n) => n.addresses)) };
  }
  const net = tenantNetwork(a, facts.networks);
  return net ? { ...idle, role: "tenant", vni: net.vrf } : idle;
}

/** What a tenant VRF accepts from its machines (FABRIC §3.6). */
function vrfPrefixes(net: NetworkFacts, projects: ReadonlySet<string>, facts: FabricFacts): PrefixFilter {
  const parent = net.parentNetworkId ? facts.networks.get(net.parentNetworkId) : undefined;
  const external = [...projects].flatMap((p) => facts.externalIps.get(p) ?? []);
  return toFilter([...net.prefixes, ...(parent?.additionalAnnounceable ?? []), ...external]);
}

export function desiredSwitchState(facts: FabricFacts): { state: DesiredSwitchState; vlans: Map<number, number> } {
  const byPort = new Map(facts.machines.map((m) => [m.port, m]));
  const vrfPorts = new Map<number, { net: NetworkFacts; ports: string[]; projects: Set<string> }>();
  const ports: DesiredPort[] = facts.switch.ports.map((p) => {
    if (p.uplink) return { name: p.name, role: "uplink", adminState: p.adminState, vni: null, machineId: null, firewallVnis: [], firewallPrefixes: emptyFilter() };
    const m = byPort.get(p.name);
    const plan = planPort(m, facts);
    if (plan.role === "tenant" && plan.vni !== null && m?.allocation) {
      const net = tenantNetwork(m.allocation, facts.networks)!;
      const entry = vrfPorts.get(plan.vni) ?? { net, ports: [], projects: new Set<string>() };
      entry.ports.push(p.name);
      entry.projects.add(m.allocation.projectId);
      vrfPorts.set(plan.vni, entry);
    }
    return { name: p.name, adminState: p.adminState, ...plan };
  });
  const vnis = [...vrfPorts.keys()].sort((a, b) => a - b);
  const vlans = assignVlans(facts.switch.id, facts.switch.vlans, vnis);
  const vrfs: DesiredVrf[] = vnis.map((vni) => {
    const e = vrfPorts.get(vni)!;
    return { vni, vlan: vlans.get(vni)!, ports: e.ports, prefixes: vrfPrefixes(e.net, e.projects, facts) };
  });
  const { id, asn, routerId, managementInterface } = facts.switch;
  return { state: { switchId: id, asn, routerId, managementInterface, ports, vrfs }, vlans };
}

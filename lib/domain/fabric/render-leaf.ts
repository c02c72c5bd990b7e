import type { DesiredPort, DesiredSwitchState, DesiredVrf, PrefixFilter } from "./types";

/**
 * Desired state → the leaf's frr.conf (FABRIC §3), in the order metal-stack's templates use.
 * Pure and deterministic: the switch agent hashes the output to decide whether anything changed.
 */
export type LeafRenderOptions = {
  /** Router advertisement interval on BGP-unnumbered ports (seconds). */
  raIntervalSeconds?: number;
  /** Prefixes a machine session may send before it is torn down. */
  maxPrefixes?: number;
  /** The VRF name of a VNI. Production: vrf<VNI>; a lab with FRR's netns VRF backend maps it per leaf. */
  vrfName?: (vni: number) => string;
  /** Apply route-map and update changes at once instead of after FRR's default delays (labs, benchmarks). */
  fastConvergence?: boolean;
  /**
   * FRR's netns VRF backend (a lab on a kernel without VRF devices, FABRIC §8): interface names are
   * per VRF there, so a tenant port's settings are written `interface <port> vrf <vrf>`.
   */
  netnsVrf?: boolean;
};

export const defaultVrfName = (vni: number) => `vrf${vni}`;

function lines(...blocks: (string | string[] | false | null | undefined)[]): string[] {
  return blocks.flatMap((b) => (b === false || b == null ? [] : Array.isArray(b) ? b : [b]));
}

const raPorts = (s: DesiredSwitchState) => s.ports.filter((p) => p.role === "uplink" || p.role === "firewall" || p.role === "tenant" || p.machineId !== null);

function interfaceBlock(p: DesiredPort, ra: number, vrf: string | null): string[] {
  // FRR 8.4's zebra crashes applying `shutdown` to an interface in a netns VRF; there the agent's
  // `ip link set down` (portPlan) alone takes the port down.
  const shutdown = p.adminState === "down" && vrf === null;
  return [`interface ${p.name}${vrf ? ` vrf ${vrf}` : ""}`, ` ipv6 nd ra-interval ${ra}`, " no ipv6 nd suppress-ra", ...(shutdown ? [" shutdown"] : []), "exit", "!"];
}

/**
 * Fast convergence (labs, benchmarks): a session that failed is retried after 1 s instead of the
 * datacenter default's 10 s (a machine's port that just moved into its VRF), and updates go out
 * at once (no minimum route advertisement interval).
 */
function peerGroup(name: string, fast = false): string[] {
  return [
    ` neighbor ${name} peer-group`, ` neighbor ${name} remote-as external`, ` neighbor ${name} timers 2 8`,
    ...(fast ? [` neighbor ${name} timers connect 1`, ` neighbor ${name} advertisement-interval 0`] : []),
  ];
}

function defaultBgp(s: DesiredSwitchState, fast: boolean): string[] {
  const uplinks = s.ports.filter((p) => p.role === "uplink");
  const firewalls = s.ports.filter((p) => p.role === "firewall");
  return lines(
    `router bgp ${s.asn}`,
    ` bgp router-id ${s.routerId}`,
    " bgp bestpath as-path multipath-relax",
    fast && " coalesce-time 0",
    peerGroup("FABRIC", fast),
    peerGroup("FIREWALL", fast),
    uplinks.map((p) => ` neighbor ${p.name} interface peer-group FABRIC`),
    firewalls.map((p) => ` neighbor ${p.name} interface peer-group FIREWALL`),
    " !",
    " address-family ipv4 unicast",
    "  redistribute connected route-map LOOPBACKS",
    firewalls.map((p) => `  neighbor ${p.name} prefix-list ${fwPrefixList(p.name, 4)} in`),
    " exit-address-family",
    " !",
    " address-family ipv6 unicast",
    "  redistribute connected route-map LOOPBACKS",
    "  neighbor FABRIC activate",
    "  neighbor FIREWALL activate",
    firewalls.map((p) => `  neighbor ${p.name} prefix-list ${fwPrefixList(p.name, 6)} in`),
    " exit-address-family",
    " !",
    " address-family l2vpn evpn",
    "  neighbor FABRIC activate",
    "  neighbor FIREWALL activate",
    "  neighbor FIREWALL allowas-in 2",
    firewalls.map((p) => `  neighbor ${p.name} route-map ${fwRouteMap(p.name)} out`),
    "  advertise-all-vni",
    " exit-address-family",
    "exit",
    "!",
  );
}

function tenantBgp(s: DesiredSwitchState, v: DesiredVrf, o: Required<LeafRenderOptions>): string[] {
  const name = o.vrfName(v.vni);
  const family = (af: 4 | 6) => lines(
    ` address-family ipv${af} unicast`,
    "  redistribute connected",
    af === 6 && "  neighbor MACHINE activate",
    `  neighbor MACHINE maximum-prefix ${o.maxPrefixes}`,
    // Keeps what a machine sent before the filter: the agent reports received vs accepted (a hijack shows).
    "  neighbor MACHINE soft-reconfiguration inbound",
    `  neighbor MACHINE route-map ${tenantRouteMap(name, af)} in`,
    " exit-address-family",
    " !",
  );
  return lines(
    `router bgp ${s.asn} vrf ${name}`,
    ` bgp router-id ${s.routerId}`,
    " bgp bestpath as-path multipath-relax",
    o.fastConvergence && " coalesce-time 0",
    peerGroup("MACHINE", o.fastConvergence),
    v.ports.map((p) => ` neighbor ${p} interface peer-group MACHINE`),
    " !",
    family(4),
    family(6),
    " address-family l2vpn evpn",
    "  advertise ipv4 unicast",
    "  advertise ipv6 unicast",
    " exit-address-family",
    "exit",
    "!",
  );
}

const tenantPrefixList = (vrf: string, af: 4 | 6) => `${vrf}-in${af === 6 ? "6" : ""}`;
const tenantRouteMap = (vrf: string, af: 4 | 6) => `${vrf}-in${af === 6 ? "6" : ""}`;
const fwPrefixList = (port: string, af: 4 | 6) => `${port}-fw-in${af === 6 ? "6" : ""}`;
const fwRouteMap = (port: string) => `${port}-fw-vni-out`;

/** `ip prefix-list` for IPv4, `ipv6 prefix-list` for IPv6 (metal-stack uses `ip` for both: a quirk). */
function prefixList(name: string, af: 4 | 6, filter: PrefixFilter): string[] {
  const cidrs = af === 4 ? filter.ipv4 : filter.ipv6;
  const kw = af === 4 ? "ip" : "ipv6";
  const max = af === 4 ? 32 : 128;
  // "le" only widens a shorter prefix to its host routes; a host route itself takes none.
  return cidrs.map((c, i) => `${kw} prefix-list ${name} seq ${(i + 1) * 10} permit ${c}${Number(c.split("/")[1]) < max ? ` le ${max}` : ""}`);
}

/** A route-map over a prefix-list; with no prefixes it denies everything (never "match nothing → permit"). */
function filterRouteMap(name: string, list: string, af: 4 | 6, filter: PrefixFilter): string[] {
  const empty = (af === 4 ? filter.ipv4 : filter.ipv6).length === 0;
  if (empty) return [`route-map ${name} deny 10`, "exit", "!"];
  return [`route-map ${name} permit 10`, ` match ${af === 4 ? "ip" : "ipv6"} address prefix-list ${list}`, "exit", "!"];
}

function tenantFilters(v: DesiredVrf, vrf: string): string[] {
  return ([4, 6] as const).flatMap((af) => [...prefixList(tenantPrefixList(vrf, af), af, v.prefixes), ...filterRouteMap(tenantRouteMap(vrf, af), tenantPrefixList(vrf, af), af, v.prefixes)]);
}

function firewallFilters(p: DesiredPort): string[] {
  const vnis = p.firewallVnis.flatMap((vni, i) => [`route-map ${fwRouteMap(p.name)} permit ${(i + 1) * 10}`, ` match evpn vni ${vni}`, "exit", "!"]);
  return [
    ...prefixList(fwPrefixList(p.name, 4), 4, p.firewallPrefixes),
    ...prefixList(fwPrefixList(p.name, 6), 6, p.firewallPrefixes),
    ...(vnis.length ? vnis : [`route-map ${fwRouteMap(p.name)} deny 10`, "exit", "!"]),
  ];
}

export function renderLeafFrr(s: DesiredSwitchState, opts: LeafRenderOptions = {}): string {
  const o: Required<LeafRenderOptions> = { raIntervalSeconds: 6, maxPrefixes: 24000, vrfName: defaultVrfName, fastConvergence: false, netnsVrf: false, ...opts };
  const portVrf = (p: DesiredPort) => (o.netnsVrf && p.role === "tenant" && p.vni !== null ? o.vrfName(p.vni) : null);
  const out = lines(
    "frr defaults datacenter",
    `hostname ${s.switchId}`,
    "log syslog informational",
    "service integrated-vtysh-config",
    o.fastConvergence && "bgp route-map delay-timer 0",
    // The lab restarts zebra when a VRF namespace appears (agents/switch/netns-vrf.ts); zebra then
    // holds VXLAN devices protodown for the EVPN-MH startup delay (180 s) unless it is 0.
    o.netnsVrf && "evpn mh startup-delay 0",
    "!",
    s.vrfs.flatMap((v) => [`vrf ${o.vrfName(v.vni)}`, ` vni ${v.vni}`, "exit-vrf", "!"]),
    raPorts(s).flatMap((p) => interfaceBlock(p, o.raIntervalSeconds, portVrf(p))),
    defaultBgp(s, o.fastConvergence),
    s.vrfs.flatMap((v) => tenantBgp(s, v, o)),
    s.vrfs.flatMap((v) => tenantFilters(v, o.vrfName(v.vni))),
    s.ports.filter((p) => p.role === "firewall").flatMap(firewallFilters),
    // The management interface's connected routes stay out of the fabric.
    [`route-map LOOPBACKS deny 10`, ` match interface ${s.managementInterface}`, "exit", "!", "route-map LOOPBACKS permit 20", "exit", "!"],
    "line vty",
    "!",
  );
  return `${out.join("\n")}\n`;
}

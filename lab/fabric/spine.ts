/**
 * A lab spine's frr.conf: no control plane configures spines (metal-stack's don't either), so
 * the lab writes it once. eBGP unnumbered to every leaf (FABRIC), the loopback into IPv4 unicast
 * (the VTEP underlay), and L2VPN EVPN passed on between the leaves (type-5 routes of the tenant
 * VRFs; a spine holds no VRFs itself).
 */
export function renderSpineFrr(s: { hostname: string; asn: number; routerId: string; ports: string[] }): string {
  return [
    "frr defaults datacenter",
    `hostname ${s.hostname}`,
    "service integrated-vtysh-config",
    "!",
    ...s.ports.flatMap((p) => [`interface ${p}`, " ipv6 nd ra-interval 1", " no ipv6 nd suppress-ra", "exit", "!"]),
    `router bgp ${s.asn}`,
    ` bgp router-id ${s.routerId}`,
    " bgp bestpath as-path multipath-relax",
    " coalesce-time 0",
    " neighbor FABRIC peer-group",
    " neighbor FABRIC remote-as external",
    " neighbor FABRIC timers 2 8",
    ...s.ports.map((p) => ` neighbor ${p} interface peer-group FABRIC`),
    " !",
    " address-family ipv4 unicast",
    "  redistribute connected",
    " exit-address-family",
    " !",
    " address-family l2vpn evpn",
    "  neighbor FABRIC activate",
    " exit-address-family",
    "exit",
    "!",
    "line vty",
    "!",
    "",
  ].join("\n");
}

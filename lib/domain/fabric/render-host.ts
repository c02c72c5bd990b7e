/**
 * A machine's own FRR (FABRIC §4): its addresses on lo, BGP unnumbered to both leaves (peer
 * group TOR on lan0/lan1), and an outbound route-map that lets only routes the machine itself
 * originates leave it (empty AS path), so a machine never becomes a transit.
 */
export type HostFrrInput = {
  hostname: string;
  asn: number;
  /** The two NICs cabled to the leaves. */
  uplinks: readonly string[];
  /** The machine's addresses (announced as /32 and /128 from lo). */
  addresses: readonly string[];
  raIntervalSeconds?: number;
};

const hostRoute = (a: string) => (a.includes("/") ? a : `${a}/${a.includes(":") ? 128 : 32}`);

export function renderHostFrr(h: HostFrrInput): string {
  const v4 = h.addresses.filter((a) => !a.includes(":"));
  const routerId = (v4[0] ?? "").split("/")[0];
  const ra = h.raIntervalSeconds ?? 6;
  const out = [
    "frr defaults datacenter",
    `hostname ${h.hostname}`,
    "log syslog informational",
    "service integrated-vtysh-config",
    "!",
    "interface lo",
    ...h.addresses.map((a) => ` ${a.includes(":") ? "ipv6" : "ip"} address ${hostRoute(a)}`),
    "exit",
    "!",
    ...h.uplinks.flatMap((n) => [`interface ${n}`, ` ipv6 nd ra-interval ${ra}`, " no ipv6 nd suppress-ra", "exit", "!"]),
    // Announce at once: without these bgpd holds the machine's first updates for the route-map
    // delay (5 s) and the update-group coalesce time (1 s) after it starts — the whole
    // "phoned home → routes" gap measured in the lab (issue 13).
    "bgp route-map delay-timer 0",
    "!",
    `router bgp ${h.asn}`,
    ...(routerId ? [` bgp router-id ${routerId}`] : []),
    " bgp bestpath as-path multipath-relax",
    " coalesce-time 0",
    " neighbor TOR peer-group",
    " neighbor TOR remote-as external",
    " neighbor TOR timers 2 8",
    // The leaf's port may come up in the tenant VRF after this FRR started: retry every second,
    // and announce the machine's own routes without waiting for an advertisement interval.
    " neighbor TOR timers connect 1",
    " neighbor TOR advertisement-interval 0",
    ...h.uplinks.map((n) => ` neighbor ${n} interface peer-group TOR`),
    " !",
    ...([4, 6] as const).flatMap((af) => [
      ` address-family ipv${af} unicast`,
      "  redistribute connected route-map LOOPBACKS",
      ...(af === 6 ? ["  neighbor TOR activate"] : []),
      "  neighbor TOR route-map ONLY-SELF out",
      " exit-address-family",
      " !",
    ]),
    "exit",
    "!",
    "bgp as-path access-list SELF seq 5 permit ^$",
    "!",
    "route-map ONLY-SELF permit 10",
    " match as-path SELF",
    "exit",
    "!",
    "route-map LOOPBACKS permit 10",
    " match interface lo",
    "exit",
    "!",
    "line vty",
    "!",
  ];
  return `${out.join("\n")}\n`;
}

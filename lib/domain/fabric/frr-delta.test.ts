import { describe, expect, it } from "vitest";
import { deltaApplied, frrDelta, parseFrrConfig } from "./frr-delta";
import { desiredSwitchState } from "./desired";
import { busyLeaf } from "./fabric.fixtures";
import { renderLeafFrr } from "./render-leaf";

const leaf = (ports: string, prefixes: string[]) => `frr defaults datacenter
hostname leaf
!
vrf vrf100
 vni 100
exit-vrf
!
${ports}router bgp 1 vrf vrf100
 neighbor MACHINE peer-group
 neighbor MACHINE remote-as external
${ports ? " neighbor Ethernet1 interface peer-group MACHINE\n" : ""} !
 address-family ipv4 unicast
  neighbor MACHINE route-map vrf100-in in
 exit-address-family
exit
!
${prefixes.map((p, i) => `ip prefix-list vrf100-in seq ${10 + i} permit ${p} le 32`).join("\n")}
!
`;
const port = "interface Ethernet1 vrf vrf100\n ipv6 nd ra-interval 1\n no ipv6 nd suppress-ra\nexit\n!\n";

describe("frrDelta", () => {
  it("parses stanzas, address families and single lines", () => {
    const items = parseFrrConfig(leaf(port, ["10.0.0.0/22"]));
    expect(items.map((i) => i.header)).toEqual(["frr defaults datacenter", "hostname leaf", "vrf vrf100", "interface Ethernet1 vrf vrf100", "router bgp 1 vrf vrf100", "ip prefix-list vrf100-in seq 10 permit 10.0.0.0/22 le 32"]);
    expect(items[4].families).toEqual([{ header: "address-family ipv4 unicast", lines: ["neighbor MACHINE route-map vrf100-in in"], families: [] }]);
  });

  it("a port into its VRF: the interface stanza and the neighbour", () => {
    const d = frrDelta(leaf("", ["10.0.0.0/22"]), leaf(port, ["10.0.0.0/22"]))!;
    expect(d.commands).toEqual(["router bgp 1 vrf vrf100", "neighbor Ethernet1 interface peer-group MACHINE", "exit"]);
    expect(d.after).toEqual(["interface Ethernet1 vrf vrf100", "ipv6 nd ra-interval 1", "no ipv6 nd suppress-ra", "exit"]);
  });

  it("a port out of its VRF: the neighbour and the interface's settings at once, the stanza is never deleted", () => {
    const d = frrDelta(leaf(port, ["10.0.0.0/22"]), leaf("", ["10.0.0.0/22"]))!;
    expect(d.commands).toEqual(["interface Ethernet1 vrf vrf100", "no ipv6 nd ra-interval 1", "ipv6 nd suppress-ra", "exit", "router bgp 1 vrf vrf100", "no neighbor Ethernet1 interface peer-group MACHINE", "exit"]);
    expect(d.after).toEqual([]);
  });

  it("prefix-list entries added and removed", () => {
    const d = frrDelta(leaf("", ["10.0.0.0/22", "10.9.0.1/32"]), leaf("", ["10.0.0.0/22"]))!;
    expect(d.commands).toEqual(["no ip prefix-list vrf100-in seq 11 permit 10.9.0.1/32 le 32"]);
    expect(frrDelta(leaf("", ["10.0.0.0/22"]), leaf("", ["10.0.0.0/22", "10.9.0.1/32"]))!.commands).toEqual(["ip prefix-list vrf100-in seq 11 permit 10.9.0.1/32 le 32"]);
  });

  it("nothing changed: no commands", () => {
    expect(frrDelta(leaf(port, []), leaf(port, []))).toEqual({ commands: [], after: [], expect: [] });
  });

  it("leaves what it cannot express to frr-reload.py: a VRF removed, a global line changed", () => {
    expect(frrDelta(leaf("", []), "frr defaults datacenter\nhostname leaf\n!\n")).toBeNull();
    expect(frrDelta(leaf("", []), leaf("", []).replace("hostname leaf", "hostname other"))).toBeNull();
    expect(frrDelta(leaf("", []), leaf("", []).replace(" vni 100", " vni 101"))).toBeNull();
  });

  it("a whole rendered leaf gaining a machine: the delta equals the difference, checked against the new config as the running one", () => {
    const full = busyLeaf(4, 16, true);
    const a = renderLeafFrr(desiredSwitchState({ ...full, machines: full.machines.filter((m) => m.port !== "swp1") }).state, { netnsVrf: true });
    const b = renderLeafFrr(desiredSwitchState(full).state, { netnsVrf: true });
    const d = frrDelta(a, b)!;
    expect(d).not.toBeNull();
    expect(d.commands.some((c) => c.includes("neighbor swp1 interface peer-group MACHINE"))).toBe(true);
    expect(d.after).toEqual(["interface swp1 vrf vrf1001", "ipv6 nd ra-interval 6", "no ipv6 nd suppress-ra", "exit"]);
    expect(deltaApplied(b, d)).toEqual([]);
    expect(deltaApplied(a, d).length).toBeGreaterThan(0);
  });
});

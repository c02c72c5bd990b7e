import { describe, expect, it } from "vitest";
import { desiredSwitchState, type FabricFacts } from "./desired";
import { busyLeaf, dualStackWithExternalIps, emptyLeaf } from "./fabric.fixtures";

describe("desired switch state", () => {
  it("an empty leaf: uplinks and unprovisioned ports, no VRFs", () => {
    const { state } = desiredSwitchState(emptyLeaf());
    expect(state.vrfs).toEqual([]);
    expect(state.ports.filter((p) => p.role === "uplink").map((p) => p.name)).toEqual(["swp31", "swp32"]);
    expect(state.ports.filter((p) => p.role !== "uplink").every((p) => p.role === "unprovisioned")).toBe(true);
  });

  it("follows the lifecycle: installed → tenant VRF; allocated but not installed, or free → unprovisioned", () => {
    const facts = dualStackWithExternalIps();
    const { state } = desiredSwitchState(facts);
    expect(state.ports.find((p) => p.name === "swp1")).toMatchObject({ role: "tenant", vni: 1007, machineId: "m-swp1" });
    expect(state.ports.find((p) => p.name === "swp2")).toMatchObject({ role: "unprovisioned", vni: null, machineId: "m-swp2" });
    const freed: FabricFacts = { ...facts, machines: facts.machines.map((m) => ({ ...m, allocation: null })) };
    expect(desiredSwitchState(freed).state.vrfs).toEqual([]);
  });

  it("filters what a tenant may announce: private prefixes, the parent's announceable ones, the project's external IPs", () => {
    const { state } = desiredSwitchState(busyLeaf(2, 8));
    expect(state.vrfs.map((v) => v.prefixes.ipv4)).toEqual([["10.0.4.0/22", "10.240.0.0/12"], ["10.0.8.0/22", "10.240.0.0/12"]]);
    const ext = desiredSwitchState(dualStackWithExternalIps()).state.vrfs[0].prefixes;
    expect(ext).toEqual({ ipv4: ["10.0.28.0/22", "185.1.2.3/32", "185.1.2.9/32"], ipv6: ["2a02:c00::15/128", "fd00:0:0:7::/64"] });
  });

  it("keeps the reserved VLAN of a VNI and reserves new ones per switch", () => {
    const { state, vlans } = desiredSwitchState(dualStackWithExternalIps());
    expect(state.vrfs[0]).toMatchObject({ vni: 1007, vlan: 1001 });
    expect([...vlans]).toEqual([[1007, 1001]]);
    expect(desiredSwitchState(busyLeaf(40, 48)).state.vrfs.map((v) => v.vlan)).toEqual(Array.from({ length: 40 }, (_, i) => 1001 + i));
  });

  it("an admin-down port stays down whatever its role; uplinks carry no machine", () => {
    const f = busyLeaf(1, 4);
    const down: FabricFacts = { ...f, switch: { ...f.switch, ports: f.switch.ports.map((p) => ({ ...p, adminState: "down" as const })) } };
    const { state } = desiredSwitchState(down);
    expect(state.ports.every((p) => p.adminState === "down")).toBe(true);
    expect(state.ports.filter((p) => p.role === "uplink").every((p) => p.machineId === null)).toBe(true);
  });
});

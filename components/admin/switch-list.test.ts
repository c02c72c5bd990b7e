import { describe, expect, it } from "vitest";
import type { SwitchDto, SwitchPortDto } from "@/lib/contracts/switches";
import { viewPorts, viewSwitches } from "./switch-list";

const sw = (id: string, over: Partial<SwitchDto> = {}): SwitchDto => ({
  id, partitionId: "lab", rack: id.slice(0, 3), description: "", os: { vendor: "SONiC", version: "202311" }, agentVersion: "1", managementAddress: "192.168.0.1",
  mode: "operational", asn: 1, routerId: "10.0.0.1", portCount: 9, connectedMachines: 0, lastSync: null, lastError: null, issues: [], createdAt: "2026-12-01T00:00:00Z", ...over,
});
const port = (name: string, over: Partial<SwitchPortDto> = {}): SwitchPortDto => ({
  name, mac: "0c:00:00:00:00:01", identifier: name, role: "unprovisioned", machineId: null, nic: null, vrf: null, vni: null, vlan: null,
  filter: { prefixes: [], vnis: [] }, desiredAdminState: "up", operState: "up", bgp: null, ...over,
});
const bgp = (state: string, accepted: number) => ({ neighbour: "x", peerGroup: "MACHINE", vrf: "vrf30", state, establishedSince: null, prefixesReceived: accepted, prefixesAccepted: accepted });

describe("the switch pages' sorting and filtering", () => {
  const switches = [
    sw("r02leaf01", { connectedMachines: 4, lastSync: { time: "2026-12-05T10:00:00Z", durationMs: 1 } }),
    sw("r01leaf02", { connectedMachines: 2, issues: ["notSynced"] }),
    sw("r01leaf01", { connectedMachines: 4, os: { vendor: "Cumulus", version: "5.9" }, lastSync: { time: "2026-12-05T11:00:00Z", durationMs: 1 } }),
  ];

  it("lists switches by id unless told otherwise, and sorts by a column both ways with ties by id", () => {
    expect(viewSwitches(switches, "", {}).map((s) => s.id)).toEqual(["r01leaf01", "r01leaf02", "r02leaf01"]);
    expect(viewSwitches(switches, "", { sort: "machines", order: "desc" }).map((s) => s.id)).toEqual(["r01leaf01", "r02leaf01", "r01leaf02"]);
    expect(viewSwitches(switches, "", { sort: "machines", order: "asc" }).map((s) => s.id)).toEqual(["r01leaf02", "r01leaf01", "r02leaf01"]);
  });

  it("keeps a switch that never synced last in both orders of the last sync", () => {
    expect(viewSwitches(switches, "", { sort: "lastSync", order: "desc" }).map((s) => s.id)).toEqual(["r01leaf01", "r02leaf01", "r01leaf02"]);
    expect(viewSwitches(switches, "", { sort: "lastSync", order: "asc" }).map((s) => s.id)).toEqual(["r02leaf01", "r01leaf01", "r01leaf02"]);
  });

  it("filters switches by every word, across id, OS and issues, case-insensitively", () => {
    expect(viewSwitches(switches, "cumulus", {}).map((s) => s.id)).toEqual(["r01leaf01"]);
    expect(viewSwitches(switches, "R01 notsynced", {}).map((s) => s.id)).toEqual(["r01leaf02"]);
    expect(viewSwitches(switches, "r03", {})).toEqual([]);
  });

  const ports = [
    port("Ethernet10"), port("Ethernet2", { role: "tenant", machineId: "m-b", vrf: "vrf31", bgp: bgp("Established", 1) }),
    port("Ethernet1", { role: "tenant", machineId: "m-a", nic: "lan0", vrf: "vrf30", bgp: bgp("Active", 0) }), port("Ethernet32", { role: "uplink", operState: "down" }),
  ];

  it("orders ports naturally by name (Ethernet2 before Ethernet10), and by a column with empty values last", () => {
    expect(viewPorts(ports, "", {}).map((p) => p.name)).toEqual(["Ethernet1", "Ethernet2", "Ethernet10", "Ethernet32"]);
    expect(viewPorts(ports, "", { sort: "vrf", order: "desc" }).map((p) => p.name)).toEqual(["Ethernet2", "Ethernet1", "Ethernet10", "Ethernet32"]);
    expect(viewPorts(ports, "", { sort: "prefixes", order: "asc" }).map((p) => p.name)).toEqual(["Ethernet1", "Ethernet2", "Ethernet10", "Ethernet32"]);
  });

  it("filters ports by machine, VRF, BGP state or role", () => {
    expect(viewPorts(ports, "vrf30", {}).map((p) => p.name)).toEqual(["Ethernet1"]);
    expect(viewPorts(ports, "established", {}).map((p) => p.name)).toEqual(["Ethernet2"]);
    expect(viewPorts(ports, "uplink down", {}).map((p) => p.name)).toEqual(["Ethernet32"]);
  });
});

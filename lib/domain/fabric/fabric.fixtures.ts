import type { ConnectedMachine, FabricFacts, NetworkFacts } from "./desired";

/**
 * Representative fabrics for the golden tests, the FRR validation and the benchmark: a leaf
 * with uplinks swp31/swp32 (or more ports), machines on swp1…, tenant networks under a super
 * network that has additional announceable prefixes.
 */
export function leafPorts(count: number, uplinks: string[]): FabricFacts["switch"]["ports"] {
  const machinePorts = Array.from({ length: count }, (_, i) => `swp${i + 1}`).filter((n) => !uplinks.includes(n));
  return [...machinePorts.map((name) => ({ name, uplink: false, adminState: "up" as const })), ...uplinks.map((name) => ({ name, uplink: true, adminState: "up" as const }))];
}

const superV4: NetworkFacts = { id: "super", kind: "super", vrf: null, prefixes: ["10.0.0.0/16"], parentNetworkId: null, additionalAnnounceable: ["10.240.0.0/12"] };
const superV6: NetworkFacts = { id: "super6", kind: "super", vrf: null, prefixes: ["fd00::/48"], parentNetworkId: null, additionalAnnounceable: [] };

export function tenantNet(i: number, dualStack = false): NetworkFacts {
  const v4 = `10.${Math.floor(i / 64)}.${(i % 64) * 4}.0/22`;
  return {
    id: `net-${i}`, kind: "private", vrf: 1000 + i, parentNetworkId: dualStack ? "super6" : "super",
    prefixes: dualStack ? [v4, `fd00:0:0:${i.toString(16)}::/64`] : [v4], additionalAnnounceable: [],
  };
}

function machineOn(port: string, net: NetworkFacts, projectId: string, installed = true, address = "10.0.0.10"): ConnectedMachine {
  return {
    machineId: `m-${port}`, port,
    allocation: { projectId, role: "machine", installed, networks: [{ networkId: net.id, vrf: net.vrf, primary: true, addresses: [address] }] },
  };
}

export function baseSwitch(ports: FabricFacts["switch"]["ports"]): FabricFacts["switch"] {
  return { id: "r01leaf01", asn: 4200000001, routerId: "10.1.0.1", managementInterface: "eth0", ports, vlans: new Map() };
}

/** A leaf with nothing cabled but its uplinks. */
export function emptyLeaf(): FabricFacts {
  return { switch: baseSwitch(leafPorts(32, ["swp31", "swp32"])), machines: [], networks: new Map([[superV4.id, superV4]]), externalIps: new Map() };
}

/** 48 ports (46 machine ports, 2 uplinks), `tenants` tenant networks, one machine per port round-robin. */
export function busyLeaf(tenants: number, portCount = 48, dualStack = false): FabricFacts {
  const ports = leafPorts(portCount, [`swp${portCount - 1}`, `swp${portCount}`]);
  const nets = Array.from({ length: tenants }, (_, i) => tenantNet(i + 1, dualStack));
  const machines = ports.filter((p) => !p.uplink).map((p, i) => machineOn(p.name, nets[i % nets.length], `project-${i % nets.length}`));
  return {
    switch: baseSwitch(ports), machines,
    networks: new Map([superV4, superV6, ...nets].map((n) => [n.id, n])),
    externalIps: new Map(),
  };
}

/** Two machines of one project in a dual-stack VRF, one not yet installed, and the project's external IPs. */
export function dualStackWithExternalIps(): FabricFacts {
  const net = tenantNet(7, true);
  const ext: NetworkFacts = { id: "internet", kind: "external", vrf: 104009, prefixes: ["185.1.2.0/24", "2a02:c00::/64"], parentNetworkId: null, additionalAnnounceable: [] };
  const withExternal: ConnectedMachine = {
    machineId: "m-swp1", port: "swp1",
    allocation: { projectId: "p1", role: "machine", installed: true, networks: [
      { networkId: net.id, vrf: net.vrf, primary: true, addresses: ["10.0.28.2", "fd00:0:0:7::2"] },
      { networkId: ext.id, vrf: ext.vrf, primary: false, addresses: ["185.1.2.3"] },
    ] },
  };
  return {
    switch: { ...baseSwitch(leafPorts(32, ["swp31", "swp32"])), vlans: new Map([[1007, 1001]]) },
    machines: [withExternal, machineOn("swp2", net, "p1", false)],
    networks: new Map([superV4, superV6, net, ext].map((n) => [n.id, n])),
    externalIps: new Map([["p1", ["185.1.2.3", "185.1.2.9", "2a02:c00::15"]]]),
  };
}

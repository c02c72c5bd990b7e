import { desiredSwitchState, type FabricFacts } from "./desired";
import { busyLeaf, dualStackWithExternalIps, emptyLeaf } from "./fabric.fixtures";
import type { HostFrrInput } from "./render-host";
import type { DesiredSwitchState } from "./types";

/** The golden cases: each rendered to lib/domain/fabric/golden/ and validated by real FRR. */
function withFirewall(): FabricFacts {
  const f = busyLeaf(2, 8);
  const fw = { machineId: "fw-1", port: "swp5", allocation: { projectId: "project-0", role: "firewall" as const, installed: true, networks: [
    { networkId: "net-1", vrf: 1001, primary: true, addresses: ["10.0.0.1"] },
    { networkId: "net-2", vrf: 1002, primary: false, addresses: ["10.0.4.1"] },
    { networkId: "internet", vrf: 104009, primary: false, addresses: ["185.1.2.200", "2a02:c00::200"] },
  ] } };
  return { ...f, machines: [...f.machines.filter((m) => m.port !== "swp5"), fw] };
}

function withAdminDown(): FabricFacts {
  const f = busyLeaf(1, 8);
  return { ...f, switch: { ...f.switch, ports: f.switch.ports.map((p) => (p.name === "swp2" ? { ...p, adminState: "down" as const } : p)) } };
}

export const leafCases: Record<string, () => DesiredSwitchState> = {
  "empty-leaf": () => desiredSwitchState(emptyLeaf()).state,
  "leaf-48-ports-40-tenants": () => desiredSwitchState(busyLeaf(40, 48)).state,
  "leaf-dual-stack": () => desiredSwitchState(busyLeaf(4, 16, true)).state,
  "leaf-external-ips": () => desiredSwitchState(dualStackWithExternalIps()).state,
  "leaf-firewall": () => desiredSwitchState(withFirewall()).state,
  "leaf-port-down": () => desiredSwitchState(withAdminDown()).state,
};

export const hostCases: Record<string, HostFrrInput> = {
  "host-dual-stack": { hostname: "m1", asn: 4210000001, uplinks: ["lan0", "lan1"], addresses: ["10.0.28.2", "fd00:0:0:7::2", "185.1.2.3"] },
  "host-ipv6-only": { hostname: "m2", asn: 4210000002, uplinks: ["lan0", "lan1"], addresses: ["fd00:0:0:7::3"] },
};

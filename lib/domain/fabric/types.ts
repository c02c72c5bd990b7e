/**
 * The switch fabric's domain (docs/fabric.md, FABRIC.md): what a leaf should look like, computed
 * from machines, allocations, networks and IPs (desired.ts) and turned into configuration by the
 * renderers (render-leaf.ts, render-ports.ts, render-host.ts). Nothing here touches I/O.
 */

/** uplink: to the spines; unprovisioned: PXE, no VRF; tenant: in vrf<VNI>; firewall: default VRF, VNI filter. */
export const PORT_ROLES = ["uplink", "unprovisioned", "tenant", "firewall"] as const;
export type PortRole = (typeof PORT_ROLES)[number];
export const ADMIN_STATES = ["up", "down"] as const;
export type AdminState = (typeof ADMIN_STATES)[number];
export const SWITCH_MODES = ["operational", "replace"] as const;
export type SwitchMode = (typeof SWITCH_MODES)[number];

/** What is announceable through a port: the inbound prefix filter (IPv4 le 32, IPv6 le 128). */
export type PrefixFilter = { ipv4: string[]; ipv6: string[] };

export type DesiredPort = {
  name: string;
  role: PortRole;
  adminState: AdminState;
  /** tenant ports: the VNI of the machine's private network (the port sits in vrf<VNI>). */
  vni: number | null;
  /** The machine (or firewall) cabled to it, if any. */
  machineId: string | null;
  /** firewall ports: the VNIs its outbound route-map lets through, and the firewall's own addresses. */
  firewallVnis: number[];
  firewallPrefixes: PrefixFilter;
};

export type DesiredVrf = {
  vni: number;
  /** Switch-local VLAN id (1001–2000, reserved per switch: vlans.ts). */
  vlan: number;
  ports: string[];
  /** Inbound filter: what the tenant may announce (desired.ts tenantPrefixes). */
  prefixes: PrefixFilter;
};

/** One leaf's complete desired state: everything the renderers need, nothing else. */
export type DesiredSwitchState = {
  switchId: string;
  asn: number;
  /** The loopback address, also the BGP router-id and the VXLAN source. */
  routerId: string;
  /** Kept out of redistribution (the management VRF / eth0). */
  managementInterface: string;
  ports: DesiredPort[];
  vrfs: DesiredVrf[];
};

export type PortAdminState = { name: string; adminState: AdminState };

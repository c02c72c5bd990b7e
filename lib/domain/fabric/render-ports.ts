import { defaultVrfName } from "./render-leaf";
import type { AdminState, DesiredSwitchState } from "./types";

/**
 * The Linux side of a leaf: ports, VRFs, the VLAN-aware bridge and the VXLAN devices, as an
 * ifupdown2 interfaces file (Cumulus / SONiC-on-Linux style; `ifreload -a` applies it), and the
 * per-port plan (admin state, VRF) that the switch agent applies itself with `ip` (agents/switch/links.ts).
 * Unprovisioned machine ports are access ports of the PXE VLAN, so a machine can boot and register.
 */
export const PXE_VLAN = 4000;

export type PortPlanEntry = { name: string; adminState: AdminState; vrf: string | null };

/** Per port: admin state and VRF (null = default / PXE). Applied after FRR (metal-core#202). */
export function portPlan(s: DesiredSwitchState, vrfName: (vni: number) => string = defaultVrfName): PortPlanEntry[] {
  return s.ports.map((p) => ({ name: p.name, adminState: p.adminState, vrf: p.role === "tenant" && p.vni !== null ? vrfName(p.vni) : null }));
}

function stanza(name: string, body: (string | false)[]): string[] {
  return [`auto ${name}`, `iface ${name}`, ...body.filter((l): l is string => l !== false).map((l) => `    ${l}`), ""];
}

export function renderInterfaces(s: DesiredSwitchState): string {
  const pxePorts = s.ports.filter((p) => p.role === "unprovisioned");
  const vnis = s.vrfs.map((v) => `vni${v.vni}`);
  const out = [
    "# Rendered by the switch agent from the control plane's desired state; local edits are overwritten.",
    "auto lo",
    "iface lo inet loopback",
    `    address ${s.routerId}/32`,
    `    vxlan-local-tunnelip ${s.routerId}`,
    "",
    ...stanza("bridge", [
      `bridge-ports ${[...pxePorts.map((p) => p.name), ...vnis].join(" ") || "none"}`,
      `bridge-vids ${[PXE_VLAN, ...s.vrfs.map((v) => v.vlan)].join(" ")}`,
      "bridge-vlan-aware yes",
    ]),
    ...s.ports.flatMap((p) => stanza(p.name, [
      "mtu 9216",
      p.role === "tenant" && p.vni !== null && `vrf ${defaultVrfName(p.vni)}`,
      p.role === "unprovisioned" && `bridge-access ${PXE_VLAN}`,
      p.adminState === "down" && "link-down yes",
    ])),
    ...s.vrfs.flatMap((v) => [
      ...stanza(defaultVrfName(v.vni), ["vrf-table auto"]),
      ...stanza(`vlan${v.vlan}`, ["mtu 9000", `vlan-id ${v.vlan}`, "vlan-raw-device bridge", `vrf ${defaultVrfName(v.vni)}`]),
      ...stanza(`vni${v.vni}`, ["mtu 9000", `vxlan-id ${v.vni}`, `vxlan-local-tunnelip ${s.routerId}`, `bridge-access ${v.vlan}`, "bridge-learning off", "bridge-arp-nd-suppress on"]),
    ]),
  ];
  return `${out.join("\n")}`;
}

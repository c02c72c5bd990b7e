/** Switch-local VLAN ids for tenant VNIs (FABRIC §1): 1001–2000, reserved per switch. */
export const VLAN_MIN = 1001;
export const VLAN_MAX = 2000;

export class VlansExhaustedError extends Error {
  constructor(switchId: string, needed: number) {
    super(`switch ${switchId} needs ${needed} tenant VLANs; only ${VLAN_MAX - VLAN_MIN + 1} (${VLAN_MIN}–${VLAN_MAX}) exist`);
  }
}

/**
 * The VLAN of every needed VNI: kept where already reserved (a VLAN never changes under a running
 * VRF), the lowest free id for new ones; reservations of VNIs no longer needed are dropped.
 */
export function assignVlans(switchId: string, reserved: ReadonlyMap<number, number>, needed: readonly number[]): Map<number, number> {
  const want = [...new Set(needed)].sort((a, b) => a - b);
  if (want.length > VLAN_MAX - VLAN_MIN + 1) throw new VlansExhaustedError(switchId, want.length);
  const out = new Map<number, number>();
  const used = new Set<number>();
  for (const vni of want) {
    const vlan = reserved.get(vni);
    if (vlan !== undefined && vlan >= VLAN_MIN && vlan <= VLAN_MAX && !used.has(vlan)) {
      out.set(vni, vlan);
      used.add(vlan);
    }
  }
  let next = VLAN_MIN;
  for (const vni of want) {
    if (out.has(vni)) continue;
    while (used.has(next)) next++;
    out.set(vni, next);
    used.add(next);
  }
  return out;
}

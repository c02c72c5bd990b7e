/**
 * Which rack a machine stands in, from the switches its NICs see over LLDP. Leaf switches are
 * named "<rack>leaf<n>" (metal-stack's convention: "r01leaf01", "r01leaf02" are the two leaves
 * of rack "r01"); an optional "-", "_" or "." may separate the parts ("fra1-r03-leaf-1" →
 * "fra1-r03"). The rack is lower-cased. Spines and other switches carry no rack and are ignored.
 */
const LEAF_NAME = /^([a-z0-9](?:[a-z0-9._-]*?[a-z0-9])?)[-_.]?leaf[-_.]?[0-9]*$/i;

export function rackFromSwitchName(name: string): string | null {
  const m = LEAF_NAME.exec(name.trim());
  return m ? m[1].toLowerCase() : null;
}

/**
 * The one rack all recognisable neighbours agree on; null when none is recognisable or when they
 * disagree (a machine cabled into two racks is a cabling error, not a rack to guess).
 */
export function rackFromNeighbours(nics: readonly { neighbours: readonly { switchName: string }[] }[]): string | null {
  const racks = new Set(nics.flatMap((n) => n.neighbours.map((nb) => rackFromSwitchName(nb.switchName))).filter((r): r is string => r !== null));
  return racks.size === 1 ? [...racks][0] : null;
}

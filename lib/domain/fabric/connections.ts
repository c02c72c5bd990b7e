import { rackFromSwitchName } from "./rack";

/**
 * Machine NIC ↔ leaf port connections from the LLDP neighbours a machine reports (FABRIC §2).
 * A machine is cabled correctly when exactly two of its NICs see leaves, the two leaves are
 * different, stand in one rack and the port names are mirrored (the same on both). Anything
 * else is a cabling issue: the machine is kept out of the pool until it is fixed.
 */
export type NicNeighbours = { name: string; mac: string; neighbours: readonly { switchName: string; port: string }[] };
export type Connection = { nicName: string; nicMac: string; switchId: string; port: string };
export type Cabling = {
  connections: Connection[];
  /** The rack both leaves stand in, when they agree. */
  rack: string | null;
  /** Why the cabling is wrong (shown to operators), or null when it is right. */
  issue: string | null;
  /** Whether the machine reported any LLDP neighbour at all. */
  reported: boolean;
};

/** The rack of a leaf: the registered switch's when it is known, else from its name (r01leaf01 → r01). */
export type RackOf = (switchId: string) => string | null;
export const rackByName: RackOf = (id) => rackFromSwitchName(id);

export function cablingFromNics(nics: readonly NicNeighbours[], rackOf: RackOf = rackByName): Cabling {
  const reported = nics.some((n) => n.neighbours.length > 0);
  const leafLinks: Connection[] = [];
  for (const nic of nics) {
    for (const nb of nic.neighbours) {
      if (rackOf(nb.switchName) === null) continue; // spines, management switches: not leaves
      leafLinks.push({ nicName: nic.name, nicMac: nic.mac, switchId: nb.switchName, port: nb.port });
    }
  }
  const fail = (issue: string): Cabling => ({ connections: leafLinks, rack: null, issue, reported });
  if (leafLinks.length === 0) return fail(reported ? "its NICs see no leaf switch over LLDP" : "it reports no LLDP neighbours");
  if (leafLinks.length !== 2) {
    return fail(`not connected to two leaves of one rack: ${leafLinks.length} leaf link(s) (${describe(leafLinks)})`);
  }
  const [a, b] = leafLinks;
  if (a.nicName === b.nicName) return fail(`both leaf links are on NIC ${a.nicName} (${describe(leafLinks)})`);
  if (a.switchId === b.switchId) return fail(`both NICs are cabled to the same leaf ${a.switchId}`);
  const rackA = rackOf(a.switchId);
  const rackB = rackOf(b.switchId);
  if (rackA !== rackB) return fail(`not connected to two leaves of one rack: ${a.switchId} is in ${rackA}, ${b.switchId} in ${rackB}`);
  if (a.port !== b.port) return fail(`port names are not mirrored: ${describe(leafLinks)}`);
  return { connections: leafLinks, rack: rackA, issue: null, reported };
}

function describe(links: readonly Connection[]): string {
  return links.map((l) => `${l.nicName} → ${l.switchId}/${l.port}`).join(", ");
}

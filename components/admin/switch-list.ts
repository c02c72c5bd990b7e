import type { SwitchDto, SwitchPortDto } from "@/lib/contracts/switches";
import type { SortState } from "@/components/ui/data-table";

/**
 * The switch pages' sorting and filtering. The API returns every switch of the installation and
 * every port of a switch at once (tens of switches, ≤ 64 ports each), so the pages sort and
 * filter in the browser; the DataTable's sort keys below are this file's, not the API's.
 */
const natural = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
type Key = string | number | null;

function compare(a: Key, b: Key): number {
  if (a === b) return 0;
  if (a === null) return 1; // empty values last, whatever the order
  if (b === null) return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : natural.compare(String(a), String(b));
}

function sortBy<T>(items: T[], keys: Record<string, (x: T) => Key>, tieBreak: (x: T) => string, sort: SortState): T[] {
  const key = sort.sort ? keys[sort.sort] : undefined;
  const dir = sort.order === "desc" ? -1 : 1;
  return [...items].sort((a, b) => {
    if (key) {
      const ka = key(a), kb = key(b);
      // Empty values stay last in both orders.
      if (ka === null || kb === null) { if (ka !== kb) return ka === null ? 1 : -1; }
      else { const c = compare(ka, kb) * dir; if (c) return c; }
    }
    return natural.compare(tieBreak(a), tieBreak(b));
  });
}

const matches = (q: string, fields: (string | null | undefined)[]) => {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const text = fields.filter(Boolean).join(" ").toLowerCase();
  return words.every((w) => text.includes(w));
};

export const switchSortKeys: Record<string, (s: SwitchDto) => Key> = {
  id: (s) => s.id,
  where: (s) => `${s.partitionId} ${s.rack}`,
  os: (s) => `${s.os.vendor} ${s.os.version}`,
  mode: (s) => s.mode,
  machines: (s) => s.connectedMachines,
  // Newest first reads best as "desc"; never synced is empty (last).
  lastSync: (s) => (s.lastSync ? Date.parse(s.lastSync.time) : null),
};

/** Switches matching every word of `q` (id, partition, rack, OS, management address, issues, last error), sorted. */
export function viewSwitches(items: SwitchDto[], q: string, sort: SortState): SwitchDto[] {
  const hits = items.filter((s) => matches(q, [s.id, s.partitionId, s.rack, s.os.vendor, s.os.version, s.managementAddress, s.mode, s.description, ...s.issues, s.lastError?.message]));
  return sortBy(hits, switchSortKeys, (s) => s.id, sort);
}

export const portSortKeys: Record<string, (p: SwitchPortDto) => Key> = {
  port: (p) => p.name,
  role: (p) => p.role,
  machine: (p) => p.machineId,
  vrf: (p) => p.vrf,
  desired: (p) => p.desiredAdminState,
  actual: (p) => p.operState,
  bgp: (p) => p.bgp?.state ?? null,
  prefixes: (p) => p.bgp?.prefixesAccepted ?? null,
};

/** Ports matching every word of `q` (name, MAC, role, machine, NIC, VRF, states, BGP state), sorted; by name (Ethernet2 before Ethernet10) otherwise. */
export function viewPorts(ports: SwitchPortDto[], q: string, sort: SortState): SwitchPortDto[] {
  const hits = ports.filter((p) => matches(q, [p.name, p.mac, p.role, p.machineId, p.nic, p.vrf, p.vlan === null ? null : `vlan ${p.vlan}`, p.desiredAdminState, p.operState, p.bgp?.state, p.bgp?.peerGroup]));
  return sortBy(hits, portSortKeys, (p) => p.name, sort);
}

import { execFile } from "node:child_process";

/**
 * LLDP neighbours per NIC from lldpd (`lldpcli show neighbors -f json`). The switch names are how
 * the server binds machine ports and derives the rack, so they matter; a machine without lldpd
 * still registers, with no neighbours (it then needs its rack set by an operator).
 */
export type Neighbour = { switchName: string; port: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** lldpd prints one interface as an object and several as an array of one-key objects. */
function interfaces(doc: unknown): [string, Json][] {
  const list = isObject(doc) && isObject(doc.lldp) ? doc.lldp.interface : undefined;
  const items = Array.isArray(list) ? list : list === undefined ? [] : [list];
  return items.filter(isObject).flatMap((o) => Object.entries(o).filter((e): e is [string, Json] => isObject(e[1])));
}

function switchNameOf(chassis: unknown): string | null {
  if (!isObject(chassis)) return null;
  // {"leaf01": {"id": …}} (lldpd ≥ 0.9) or {"name": {"value": "leaf01"}} (older JSON output).
  if (isObject(chassis.name) && typeof chassis.name.value === "string") return chassis.name.value;
  const [first] = Object.keys(chassis).filter((k) => k !== "id");
  return first ?? null;
}

function portOf(port: unknown): string | null {
  if (!isObject(port)) return null;
  const id = isObject(port.id) ? port.id : undefined;
  // An ifname port id is the switch's port name; a MAC port id is not useful, prefer the description then.
  if (id && id.type === "ifname" && typeof id.value === "string") return id.value;
  if (typeof port.descr === "string" && port.descr) return port.descr;
  return id && typeof id.value === "string" ? id.value : null;
}

export function parseLldpNeighbours(doc: unknown): Map<string, Neighbour[]> {
  const out = new Map<string, Neighbour[]>();
  for (const [ifname, entry] of interfaces(doc)) {
    const switchName = switchNameOf(entry.chassis);
    const port = portOf(entry.port);
    if (!switchName || !port) continue;
    out.set(ifname, [...(out.get(ifname) ?? []), { switchName: switchName.slice(0, 255), port: port.slice(0, 64) }]);
  }
  return out;
}

/** Asks the local lldpd; no lldpd (or no answer within 5 s) means no neighbours. */
export function readLldpNeighbours(): Promise<Map<string, Neighbour[]>> {
  return new Promise((resolve) => {
    execFile("lldpcli", ["show", "neighbors", "-f", "json"], { timeout: 5000 }, (err, stdout) => {
      if (err) return resolve(new Map());
      try {
        resolve(parseLldpNeighbours(JSON.parse(stdout)));
      } catch {
        resolve(new Map());
      }
    });
  });
}

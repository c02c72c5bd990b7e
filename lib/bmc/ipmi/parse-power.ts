import type { Health, PowerSupplyInfo } from "../driver";

/**
 * Power answers: `dcmi power reading` (draw in watts) and `sdr type "Power Supply"` (one row
 * per sensor of sensor type 0x08: `name | id | status | entity | reading`).
 */

/**
 * Watts from `dcmi power reading`; null when there is no reading or the BMC says the
 * measurement is "deactivated" (then the number is a meaningless 0 or stale).
 */
export function parseDcmiPowerReading(text: string): number | null {
  const reading = /Instantaneous power reading:\s*(\d+(?:\.\d+)?)\s*Watts/i.exec(text);
  if (!reading) return null;
  const state = /Power reading state is:\s*(\w+)/i.exec(text);
  if (state && state[1].toLowerCase() !== "activated") return null;
  return Number(reading[1]);
}

type SdrRow = { name: string; status: string; entity: string; reading: string };

function sdrRows(text: string): SdrRow[] {
  const rows: SdrRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length !== 5 || !/^[0-9A-Fa-f]+h$/.test(cells[1])) continue;
    rows.push({ name: cells[0], status: cells[2].toLowerCase(), entity: cells[3], reading: cells[4] });
  }
  return rows;
}

const CRITICAL = /failure detected|ac lost|out-of-range|power supply input lost/i;
const WARNING = /predictive failure|configuration error|config error/i;
const PRESENT = /presence detected|device present|\d+(\.\d+)?\s*(watts|amps|volts|degrees)/i;

const rank: Record<Health, number> = { OK: 0, Unknown: 1, Warning: 2, Critical: 3 };

function rowHealth(row: SdrRow): Health {
  if (row.status === "cr" || row.status === "nr" || CRITICAL.test(row.reading)) return "Critical";
  if (row.status === "nc" || WARNING.test(row.reading)) return "Warning";
  return "OK";
}

/**
 * One entry per power supply *entity* (entity ID 10, instance N: "10.N"): vendors expose
 * several sensors per supply (status, power good, input/output watts), and Dell names every
 * status sensor just "Status", so supplies are named "PSU N" by entity instance. Rows of
 * other entities (redundancy sensors on the system board, "7.1") are not supplies.
 * A supply with nothing asserted and no reading is "Absent"; otherwise "Enabled" with the
 * worst health of its rows.
 */
export function parsePowerSupplies(text: string): PowerSupplyInfo[] {
  const byInstance = new Map<number, SdrRow[]>();
  for (const row of sdrRows(text)) {
    const entity = /^10\.(\d+)$/.exec(row.entity);
    if (!entity) continue;
    const instance = Number(entity[1]);
    byInstance.set(instance, [...(byInstance.get(instance) ?? []), row]);
  }
  return [...byInstance.entries()]
    .sort(([a], [b]) => a - b)
    .map(([instance, rows]) => {
      const name = `PSU ${instance}`;
      const present = rows.some((r) => PRESENT.test(r.reading) || rowHealth(r) !== "OK");
      if (!present) return { name, health: "Unknown", state: "Absent" };
      const health = rows.map(rowHealth).reduce((worst, h) => (rank[h] > rank[worst] ? h : worst), "OK" as Health);
      return { name, health, state: "Enabled" };
    });
}

/**
 * The one time format of both consoles (components/ui/time.tsx renders it): an absolute time
 * that names its time zone, and a relative one beside it ("3 min ago") that ticks. Pure, so the
 * wording is tested without a browser.
 */

/** "4 Dec 2026, 22:13:05 UTC": day, month name (never ambiguous 12/04), seconds, zone. */
export function formatAbsolute(iso: string, opts: { timeZone?: string } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return d.toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZone: opts.timeZone,
    timeZoneName: "short",
  });
}

/** "4 Dec 2026": a date alone, for created-at columns where the hour does not matter. */
export function formatDate(iso: string, opts: { timeZone?: string } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: opts.timeZone });
}

const units: [limitSeconds: number, seconds: number, name: string][] = [
  [60, 1, "s"],
  [3600, 60, "min"],
  [86_400, 3600, "h"],
  [30 * 86_400, 86_400, "d"],
  [365 * 86_400, 30 * 86_400, "mo"],
  [Infinity, 365 * 86_400, "y"],
];

/** "just now", "12 s ago", "3 min ago", "in 2 h": whole units, rounded down so it never runs ahead. */
export function formatRelative(iso: string, now: number): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "—";
  const diff = Math.trunc((now - t) / 1000);
  const abs = Math.abs(diff);
  if (abs < 5) return "just now";
  for (const [limit, size, name] of units) {
    if (abs < limit) {
      const n = Math.floor(abs / size);
      return diff >= 0 ? `${n} ${name} ago` : `in ${n} ${name}`;
    }
  }
  return "—";
}

/** How often a relative time must re-render to stay right: every second under a minute, then less. */
export function tickInterval(iso: string, now: number): number {
  const abs = Math.abs(now - new Date(iso).getTime());
  if (abs < 60_000) return 1_000;
  if (abs < 3_600_000) return 15_000;
  return 60_000;
}

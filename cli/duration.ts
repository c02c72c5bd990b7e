import { usageError } from "./exit";

/** "90" (seconds), "30s", "5m", "1h", "1h30m" → milliseconds. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let ms = 0;
  let at = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms"];
    at = re.lastIndex;
  }
  if (!t || at !== t.length) throw usageError(`"${text}" is not a duration; use e.g. 30s, 5m, 1h`);
  return ms;
}

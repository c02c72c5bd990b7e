/**
 * ipmitool prints most answers as `Key   : value` lines (mc info, fru print, dcmi). This reads
 * them into a map keyed by the trimmed key; the first occurrence of a key wins (`fru print`
 * of several devices repeats keys, and device 0 comes first). Lines without a colon, such as
 * the indented lists under "Additional Device Support", are skipped.
 */
export function parseColonFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (!key || fields.has(key)) continue;
    fields.set(key, line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * Values vendors ship in FRU and inventory fields instead of leaving them empty. Treating them
 * as empty lets a parser fall back to the next field (e.g. Product Name → Product Part Number).
 * "Super Server" is Supermicro's generic product name on every model.
 */
const PLACEHOLDERS = new Set([
  "",
  "none",
  "n/a",
  "na",
  "not specified",
  "not available",
  "unknown",
  "to be filled by o.e.m.",
  "default string",
  "system product name",
  "system manufacturer",
  "0123456789",
  "super server",
]);

export function isPlaceholder(value: string | undefined): boolean {
  return value === undefined || PLACEHOLDERS.has(value.trim().toLowerCase());
}

/** The first value among `keys` that is not a placeholder, else "". */
export function firstMeaningful(fields: Map<string, string>, keys: readonly string[]): string {
  for (const key of keys) {
    const value = fields.get(key);
    if (!isPlaceholder(value)) return (value as string).trim();
  }
  return "";
}

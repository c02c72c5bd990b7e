/**
 * Field paths as the CLI's columns, --sort-by, templates and JSONPath use them:
 * "allocation.hostname", ".items[0].id", "allocation.networks[*].addresses" (".x" or "x").
 * `[*]` fans out over an array; the result is then a list.
 */
export type Segment = { key: string } | { index: number } | { all: true };

const parsed = new Map<string, Segment[]>();

/** Parsed once per distinct path: a table asks for the same few paths on every row. */
export function parsePath(path: string): Segment[] {
  let segments = parsed.get(path);
  if (!segments) parsed.set(path, (segments = parseUncached(path)));
  return segments;
}

function parseUncached(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /\.?([A-Za-z_$][\w$-]*)|\[(\d+|\*)\]|\[["']([^"']+)["']\]/gy;
  const src = path.trim().replace(/^\$/, "");
  if (src === "" || src === ".") return out;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < src.length && (re.lastIndex = at, (m = re.exec(src)))) {
    if (m[1] !== undefined) out.push({ key: m[1] });
    else if (m[2] === "*") out.push({ all: true });
    else if (m[2] !== undefined) out.push({ index: Number(m[2]) });
    else out.push({ key: m[3] });
    at = re.lastIndex;
  }
  if (at !== src.length) throw new Error(`cannot read the field path "${path}" at "${src.slice(at)}"`);
  return out;
}

/** Every value the path reaches (none when a step is missing). */
export function selectAll(value: unknown, segments: Segment[]): unknown[] {
  let current: unknown[] = [value];
  for (const s of segments) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || v === undefined) continue;
      if ("all" in s) {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === "object") next.push(...Object.values(v));
      } else if ("index" in s) {
        if (Array.isArray(v) && s.index < v.length) next.push(v[s.index]);
      } else if (typeof v === "object" && s.key in (v as object)) {
        next.push((v as Record<string, unknown>)[s.key]);
      }
    }
    current = next;
  }
  return current;
}

/** One value for a path: the value itself, or the list when the path fans out with [*]. */
export function getPath(value: unknown, path: string | Segment[]): unknown {
  const segments = typeof path === "string" ? parsePath(path) : path;
  const found = selectAll(value, segments);
  return segments.some((s) => "all" in s) ? found : found[0];
}

function sortKey(v: unknown): string | number {
  if (typeof v === "number") return v;
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Stable sort by a field path; numbers numerically, everything else as text, missing values first. */
export function sortByPath<T>(items: T[], path: string): T[] {
  const segments = parsePath(path);
  return items
    .map((item, i) => ({ item, i, key: sortKey(getPath(item, segments)) }))
    .sort((a, b) => {
      if (typeof a.key === "number" && typeof b.key === "number") return a.key - b.key || a.i - b.i;
      return String(a.key).localeCompare(String(b.key), "en", { numeric: true }) || a.i - b.i;
    })
    .map((e) => e.item);
}

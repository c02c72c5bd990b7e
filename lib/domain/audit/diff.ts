/**
 * Field-level difference between an audit entry's before and after snapshots, for the audit
 * log's diff view: one row per changed leaf, its dotted path, old and new value. Arrays of
 * scalars compare as whole values ("tags": [a] → [a, b]); arrays of objects by index.
 */
export type DiffRow = { path: string; kind: "added" | "removed" | "changed"; before?: unknown; after?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isObjectArray = (v: unknown): v is unknown[] => Array.isArray(v) && v.some((x) => isObject(x) || Array.isArray(x));

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function auditDiff(before: unknown, after: unknown, path = ""): DiffRow[] {
  if (same(before, after)) return [];
  const both = (isObject(before) && isObject(after)) || (isObjectArray(before) && isObjectArray(after));
  if (!both) {
    if (before === undefined || before === null) return after === undefined || after === null ? [] : [{ path: path || "(whole)", kind: "added", after }];
    if (after === undefined || after === null) return [{ path: path || "(whole)", kind: "removed", before }];
    // A created or deleted record compares field by field against nothing.
    return [{ path: path || "(whole)", kind: "changed", before, after }];
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) => (Array.isArray(before) ? Number(x) - Number(y) : x.localeCompare(y)));
  return keys.flatMap((k) => auditDiff(a[k], b[k], path ? `${path}.${k}` : k));
}

/** For a create (no before) or a delete (no after): every leaf of the one snapshot. */
export function auditSnapshotRows(before: unknown, after: unknown): DiffRow[] {
  const flat = (v: unknown, path: string): [string, unknown][] =>
    isObject(v) ? Object.keys(v).sort().flatMap((k) => flat(v[k], path ? `${path}.${k}` : k)) : [[path || "(whole)", v]];
  if ((before === null || before === undefined) && isObject(after)) return flat(after, "").map(([p, v]) => ({ path: p, kind: "added", after: v }));
  if ((after === null || after === undefined) && isObject(before)) return flat(before, "").map(([p, v]) => ({ path: p, kind: "removed", before: v }));
  return auditDiff(before, after);
}

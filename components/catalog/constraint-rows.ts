import { SIZE_CONSTRAINT_TYPES, type SizeConstraint, type SizeConstraintType } from "@/lib/domain/catalog/size";
import { GiB, gibText, isBytes } from "./units";

/** One editable row: numbers as typed (GiB for memory and storage), the stored constraint kept to avoid rounding drift. */
export type ConstraintRow = { key: number; type: SizeConstraintType; min: string; max: string; identifier: string; stored?: SizeConstraint };

let nextKey = 1;

export function emptyRow(type: SizeConstraintType = "cores"): ConstraintRow {
  return { key: nextKey++, type, min: "", max: "", identifier: "" };
}

export function rowsFrom(constraints: SizeConstraint[] | undefined): ConstraintRow[] {
  if (!constraints?.length) return [emptyRow("cores"), emptyRow("memory"), emptyRow("storage")];
  return constraints.map((c) => {
    const shown = (n: number) => (isBytes(c.type) ? gibText(n) : String(n));
    return { key: nextKey++, type: c.type, min: shown(c.min), max: shown(c.max), identifier: c.identifier ?? "", stored: c };
  });
}

export function isConstraintType(v: string): v is SizeConstraintType {
  return (SIZE_CONSTRAINT_TYPES as readonly string[]).includes(v);
}

/**
 * Rows → constraints as the API takes them (bytes for memory and storage). An unchanged GiB value
 * keeps the stored byte count, so saving a size made of decimal gigabytes does not alter it.
 */
export function constraintsFrom(rows: ConstraintRow[]): { constraints: SizeConstraint[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const constraints = rows.map((row, i) => {
    const value = (bound: "min" | "max"): number => {
      const typed = row[bound].trim();
      const n = Number(typed);
      const problem = typed === "" || !Number.isFinite(n) ? "enter a number"
        : n < 0 ? "must not be negative"
        : !isBytes(row.type) && !Number.isInteger(n) ? "must be a whole number"
        : null;
      if (problem) {
        errors[`constraints.${i}.${bound}`] = problem;
        return 0;
      }
      if (!isBytes(row.type)) return n;
      const stored = row.stored?.type === row.type ? row.stored[bound] : undefined;
      return stored !== undefined && gibText(stored) === typed ? stored : Math.round(n * GiB);
    };
    const [min, max] = [value("min"), value("max")];
    // sizeProblems says the same in bytes; here it is said in the unit the operator typed.
    if (!errors[`constraints.${i}.max`] && Number(row.max) < Number(row.min)) {
      errors[`constraints.${i}.max`] = `must be at least the minimum (${row.min.trim()}${isBytes(row.type) ? " GiB" : ""})`;
    }
    const identifier = row.type === "memory" ? "" : row.identifier.trim();
    return { type: row.type, min, max, ...(identifier && { identifier }) };
  });
  return { constraints, errors };
}

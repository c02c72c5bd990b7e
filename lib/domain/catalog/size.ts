import { compileGlob, globProblem, isCatchAllGlob } from "./glob";
import { fieldPath, type FieldError } from "./field-error";
import { constraintKey } from "./size-overlap";

/**
 * Sizes are hardware classes ("c1-xlarge-x86"). A machine's size is derived from the hardware it
 * reports, never chosen by hand, so the matching rules below decide which pool a machine joins.
 */

export const SIZE_CONSTRAINT_TYPES = ["cores", "memory", "storage", "gpu"] as const;
export type SizeConstraintType = (typeof SIZE_CONSTRAINT_TYPES)[number];

/** memory and storage in bytes, cores = CPU cores, gpu = number of GPUs; min and max inclusive. */
export type SizeConstraint = { type: SizeConstraintType; min: number; max: number; identifier?: string };
export type SizeDef = { id: string; constraints: SizeConstraint[] };

export type Hardware = {
  cpus: { model: string; cores: number; threads?: number }[];
  memoryBytes: number;
  disks: { name: string; sizeBytes: number }[];
  gpus: { model: string; vendor?: string }[];
};

export type SizeMatch =
  | { kind: "match"; sizeId: string }
  | { kind: "unknown"; reason: "none" | "ambiguous"; candidates: string[] };

/** One countable piece of hardware: its identifier for globs and what it adds to the sum. */
type Item = { id: string; amount: number };

/** The items a constraint type counts; memory is a single anonymous item. */
function itemsOf(hw: Hardware, type: SizeConstraintType): Item[] {
  switch (type) {
    case "cores":
      return hw.cpus.map((c) => ({ id: c.model, amount: c.cores }));
    case "storage":
      return hw.disks.map((d) => ({ id: d.name, amount: d.sizeBytes }));
    case "gpu":
      return hw.gpus.map((g) => ({ id: g.model, amount: 1 }));
    case "memory":
      return [{ id: "", amount: hw.memoryBytes }];
  }
}

/** Memory needs no covering constraint: a size that says nothing about memory accepts any amount. */
const MUST_BE_COVERED: SizeConstraintType[] = ["cores", "storage", "gpu"];

/**
 * True when the hardware satisfies every constraint of the size AND every CPU, disk and GPU is
 * counted by at least one constraint. The second half is what keeps a GPU machine out of a
 * CPU-only size and a 24-disk storage node out of a size that only describes its boot disks:
 * hardware nobody accounted for would otherwise be handed out (and billed) as a smaller class.
 * A size with an invalid glob (rejected by sizeProblems, so only possible for bad stored data)
 * matches nothing rather than crashing every machine registration.
 */
export function sizeMatches(hw: Hardware, size: SizeDef): boolean {
  const covered = new Map<SizeConstraintType, Set<number>>();
  for (const c of size.constraints) {
    if (c.identifier !== undefined && globProblem(c.identifier) !== null) return false;
    const selects = isCatchAllGlob(c.identifier) ? () => true : compileGlob(c.identifier!);
    const items = itemsOf(hw, c.type);
    let sum = 0;
    const hits = covered.get(c.type) ?? new Set<number>();
    items.forEach((item, index) => {
      if (!selects(item.id)) return;
      sum += item.amount;
      hits.add(index);
    });
    if (sum < c.min || sum > c.max) return false;
    covered.set(c.type, hits);
  }
  return MUST_BE_COVERED.every((type) => itemsOf(hw, type).length === (covered.get(type)?.size ?? 0));
}

/** Exactly one matching size wins; none or several leave the machine unsized ("unknown"). */
export function matchSize(hw: Hardware, sizes: readonly SizeDef[]): SizeMatch {
  const candidates = sizes.filter((s) => sizeMatches(hw, s)).map((s) => s.id);
  if (candidates.length === 1) return { kind: "match", sizeId: candidates[0] };
  return { kind: "unknown", reason: candidates.length === 0 ? "none" : "ambiguous", candidates };
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Semantic checks on a size (the zod schema only checks shape). */
export function sizeProblems(size: SizeDef): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Map<string, number>();
  size.constraints.forEach((c, i) => {
    const at = (key: string) => fieldPath("constraints", i, key);
    if (!isCount(c.min)) problems.push({ field: at("min"), message: "must be a non-negative integer" });
    if (!isCount(c.max)) problems.push({ field: at("max"), message: "must be a non-negative integer" });
    if (c.min > c.max) problems.push({ field: at("max"), message: `must be at least min (${c.min})` });
    if (c.identifier !== undefined) {
      const problem = c.type === "memory" ? "memory constraints take no identifier" : globProblem(c.identifier);
      if (problem) problems.push({ field: at("identifier"), message: problem });
    }
    // Two constraints selecting the same items would just be one constraint with a narrower
    // range; keeping both makes the size harder to read and the overlap check weaker.
    const key = constraintKey(c);
    const first = seen.get(key);
    if (first !== undefined) {
      const what = isCatchAllGlob(c.identifier) ? "without identifier" : `for "${c.identifier}"`;
      problems.push({ field: fieldPath("constraints", i), message: `duplicates constraints.${first} (${c.type} ${what})` });
    } else {
      seen.set(key, i);
    }
  });
  return problems;
}

export { constraintKey, sizesOverlap, findOverlappingSize } from "./size-overlap";

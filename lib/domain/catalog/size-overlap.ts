import { isCatchAllGlob } from "./glob";
import type { SizeConstraint, SizeConstraintType, SizeDef } from "./size";

/**
 * Overlap between sizes: an operator must not create two sizes that some machine could match
 * both of, because that machine would then match neither (ambiguous → "unknown") and silently
 * drop out of every pool.
 *
 * The rule is "overlap unless proven disjoint". sizesOverlap returns false only when one of
 * these proofs applies; each shows that no hardware H can satisfy both sizes
 * (sum_c(H) = summed capacity of the items constraint c selects; all capacities are ≥ 0):
 *
 *  P1 same selection: a and b each have a constraint of the same type whose identifiers select
 *     the same items (equal text, or both catch-all: none / "*"). Then sum_ca(H) = sum_cb(H) for
 *     every H, and one number cannot lie in two disjoint ranges.
 *  P2 catch-all bound: a has a catch-all constraint ca of type T, b any constraint cb of type T.
 *     cb selects a subset of ca's items, so sum_cb(H) ≤ sum_ca(H) ≤ ca.max. If cb.min > ca.max,
 *     b cannot be satisfied by anything a accepts.
 *  P3 absent type: a has no cores/storage/gpu constraint of type T. Every item of type T must be
 *     covered by a constraint of a, so any H matching a has no T items; then every constraint of
 *     b of type T sums to 0 and one with min > 0 fails.
 *
 * Anything not excluded by a proof counts as overlapping, so the check can only err towards
 * refusing a size, never towards admitting an overlap. (Proof P3 is what lets a GPU size and a
 * CPU-only size with the same CPU/memory figures co-exist.)
 *
 * Why not "overlap only if both constrain the same (type, identifier) pairs" (metal-stack's
 * rule): it is unsound. "AMD*" and "*EPYC*" are different identifiers that select the same CPU,
 * and an extra constraint with min 0 changes the pair set without excluding any machine.
 */

/** "*" selects the same items as no identifier, so both map to one key. */
export function constraintKey(c: Pick<SizeConstraint, "type" | "identifier">): string {
  return `${c.type}\u0000${isCatchAllGlob(c.identifier) ? "*" : c.identifier}`;
}

const rangesDisjoint = (x: SizeConstraint, y: SizeConstraint) => x.max < y.min || y.max < x.min;

/** Counted hardware that must be covered by a constraint (memory needs none). */
const COVERED_TYPES: SizeConstraintType[] = ["cores", "storage", "gpu"];

/** True when some pair of constraints, or a missing type, proves a and b share no machine. */
function provenDisjoint(a: SizeDef, b: SizeDef): boolean {
  for (const ca of a.constraints) {
    for (const cb of b.constraints) {
      if (ca.type !== cb.type) continue;
      if (constraintKey(ca) === constraintKey(cb) && rangesDisjoint(ca, cb)) return true; // P1
      if (isCatchAllGlob(ca.identifier) && cb.min > ca.max) return true; // P2
      if (isCatchAllGlob(cb.identifier) && ca.min > cb.max) return true; // P2, mirrored
    }
  }
  const hasType = (s: SizeDef, t: SizeConstraintType) => s.constraints.some((c) => c.type === t);
  const requires = (s: SizeDef, t: SizeConstraintType) => s.constraints.some((c) => c.type === t && c.min > 0);
  return COVERED_TYPES.some(
    (t) => (!hasType(a, t) && requires(b, t)) || (!hasType(b, t) && requires(a, t)), // P3
  );
}

/**
 * True when some hardware could match both sizes (conservatively: see the proofs above).
 * Expects sizes that pass sizeProblems.
 */
export function sizesOverlap(a: SizeDef, b: SizeDef): boolean {
  return !provenDisjoint(a, b);
}

/** The first other size (by id) that overlaps `size`, for a "conflicts with …" message. */
export function findOverlappingSize(size: SizeDef, others: readonly SizeDef[]): SizeDef | undefined {
  return others.find((o) => o.id !== size.id && sizesOverlap(size, o));
}

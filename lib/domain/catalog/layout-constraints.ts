import { fieldPath, type FieldError } from "./field-error";
import type { LayoutConstraints } from "./filesystem-layout";
import { IMAGE_OS_PATTERN } from "./image";
import { rangesIntersect, satisfiesRange, semverRangeProblem } from "./version-range";

/**
 * Which layout an allocation gets when none is named: the single layout whose constraints list
 * the machine's size AND give a version range, for the image's os, that contains the image's
 * version. A layout with no sizes or no images is never picked automatically (operators use
 * such layouts while developing, naming them explicitly).
 */

export function layoutConstraintProblems(constraints: LayoutConstraints): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  constraints.sizes.forEach((size, i) => {
    const field = fieldPath("constraints", "sizes", i);
    // Sizes are named exactly: a wildcard would silently capture sizes created later.
    if (size === "" || /[*?[\]]/.test(size)) problems.push({ field, message: "must be a size id (no wildcards)" });
    else if (seen.has(size)) problems.push({ field, message: `${size} is listed twice` });
    seen.add(size);
  });
  for (const [os, range] of Object.entries(constraints.images)) {
    const field = fieldPath("constraints", "images", os);
    if (!IMAGE_OS_PATTERN.test(os)) problems.push({ field, message: `"${os}" is not an os name (lowercase words of letters and digits joined by dashes, no wildcards)` });
    const problem = semverRangeProblem(range);
    if (problem) problems.push({ field, message: `${JSON.stringify(range)} ${problem}` });
  }
  return problems;
}

/** The os and version of an image, as parseImageId returns them ("ubuntu", "24.4.20260101"). */
export type LayoutImage = { os: string; version: string };

/** Own keys only: a JSON object must not match "constructor" through its prototype. */
const rangeFor = (c: LayoutConstraints, os: string) => (Object.hasOwn(c.images, os) ? c.images[os] : undefined);

export function layoutMatches(constraints: LayoutConstraints, sizeId: string, image: LayoutImage): boolean {
  const range = rangeFor(constraints, image.os);
  return constraints.sizes.includes(sizeId) && range !== undefined && satisfiesRange(image.version, range);
}

/**
 * True when some (size, image) pair could match both layouts: a size both list and an os both
 * constrain with intersecting ranges. This never misses a real overlap, so refusing overlapping
 * layouts guarantees matchLayout never finds two. It can over-report only when the ranges share
 * nothing but versions no image can have (a patch that is not a YYYYMMDD date).
 */
export function layoutsOverlap(a: { constraints: LayoutConstraints }, b: { constraints: LayoutConstraints }): boolean {
  if (!a.constraints.sizes.some((s) => b.constraints.sizes.includes(s))) return false;
  return Object.entries(a.constraints.images).some(([os, range]) => {
    const other = rangeFor(b.constraints, os);
    return other !== undefined && rangesIntersect(range, other);
  });
}

export type LayoutMatch<T> = { ok: true; layout: T } | { ok: false; reason: "none" | "ambiguous"; candidates: string[] };

/** The one layout for this size and image; none or several is an error the caller reports. */
export function matchLayout<T extends { id: string; constraints: LayoutConstraints }>(
  layouts: readonly T[],
  sizeId: string,
  image: LayoutImage,
): LayoutMatch<T> {
  const found = layouts.filter((l) => layoutMatches(l.constraints, sizeId, image));
  if (found.length === 1) return { ok: true, layout: found[0] };
  return { ok: false, reason: found.length === 0 ? "none" : "ambiguous", candidates: found.map((l) => l.id) };
}

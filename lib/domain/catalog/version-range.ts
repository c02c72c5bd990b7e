import { intersects, satisfies, valid, validRange } from "semver";

/**
 * Version ranges on image versions ("ubuntu": ">= 22.4", "debian": "12.x"), used by
 * size↔image constraints and filesystem-layout constraints.
 *
 * Syntax is node-semver's (space = AND, "||" = OR, x-ranges, ~, ^, hyphen ranges), plus two
 * allowances so that constraints written for metal-stack (Masterminds semver) keep working:
 * leading zeros as in Ubuntu's "24.04" are read as 24.4, and "," is read as AND.
 * Image versions are "<major>.<minor>.<YYYYMMDD>" and never have pre-release tags.
 */

export const MAX_RANGE_LENGTH = 100;

/** Drops leading zeros of numeric parts: "24.04" → "24.4", ">= 020.04" → ">= 20.4". */
function stripLeadingZeros(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])0+(?=[0-9])/g, "");
}

/** A range in the exact syntax node-semver accepts. */
export function normaliseRange(range: string): string {
  return stripLeadingZeros(range.trim().replace(/\s*,\s*/g, " "));
}

/** A version in strict semver form, or null when it is not one (after the leading-zero fix). */
export function normaliseVersion(version: string): string | null {
  return valid(stripLeadingZeros(version.trim()));
}

/** Why the range is unusable, or null when it is valid. */
export function semverRangeProblem(range: string): string | null {
  if (range.trim() === "") return "must not be empty";
  if (range.length > MAX_RANGE_LENGTH) return `must be at most ${MAX_RANGE_LENGTH} characters`;
  if (validRange(normaliseRange(range)) === null) {
    return `is not a version range (examples: ">= 22.4", "24.x", "~24.4", ">= 22.4 < 26")`;
  }
  return null;
}

/** True when the version lies in the range; false for an invalid version or range. */
export function satisfiesRange(version: string, range: string): boolean {
  const v = normaliseVersion(version);
  if (v === null || semverRangeProblem(range) !== null) return false;
  return satisfies(v, normaliseRange(range));
}

/** True when some version satisfies both ranges; false if either is invalid. */
export function rangesIntersect(a: string, b: string): boolean {
  if (semverRangeProblem(a) !== null || semverRangeProblem(b) !== null) return false;
  return intersects(normaliseRange(a), normaliseRange(b));
}

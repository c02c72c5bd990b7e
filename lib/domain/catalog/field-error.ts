/**
 * A validation problem tied to one input field, addressed by a dotted path
 * ("constraints.1.max", "filesystems.2.device") so forms and API problem details can point at it.
 */
export type FieldError = { field: string; message: string };

/** Joins path segments; an empty prefix yields just the key. */
export function fieldPath(...segments: (string | number)[]): string {
  return segments.filter((s) => s !== "").join(".");
}

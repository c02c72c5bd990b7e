/**
 * Errors for bad *input* (an address or prefix a person typed, a length out of range).
 * They carry a stable `code` so the service layer can map them to a 400/422 without parsing
 * message text; the message itself is written to be shown to that person as-is.
 *
 * Broken caller contracts (e.g. an unsorted "sorted" array) are plain `Error`s instead:
 * they are bugs, not user mistakes, and must surface as 500s.
 */
export type IpamErrorCode =
  | "invalid_ip"
  | "invalid_prefix"
  | "host_bits_set"
  | "invalid_length"
  | "family_mismatch";

export class IpamInputError extends Error {
  override readonly name = "IpamInputError";

  constructor(
    readonly code: IpamErrorCode,
    message: string,
    /** A corrected value to offer, e.g. the masked prefix when host bits were set. */
    readonly suggestion?: string,
  ) {
    super(message);
  }
}

/** For callers (zod refinements, form validation) that prefer a value over a throw. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: IpamInputError };

export function tryParse<T>(parse: (s: string) => T, s: string): ParseResult<T> {
  try {
    return { ok: true, value: parse(s) };
  } catch (e) {
    if (e instanceof IpamInputError) return { ok: false, error: e };
    throw e;
  }
}

/** Echo user input in messages, but never a megabyte of it. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
}

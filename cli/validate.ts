import type { z } from "zod";
import { usageError } from "./exit";

/**
 * Client-side validation with the API's own contract, so --dry-run says what the server would.
 * Returns the input unchanged (typed as the JSON the endpoint accepts): the server applies defaults.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.input<S> {
  const r = schema.safeParse(input);
  if (r.success) return input as z.input<S>;
  throw usageError(`${what} is not valid`, r.error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(root)", message: i.message })));
}

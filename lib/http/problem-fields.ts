import type { z } from "zod";

/** zod issues → {field: message} for forms (first message per field). Safe in the browser. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "(root)";
    out[field] ??= issue.message;
  }
  return out;
}

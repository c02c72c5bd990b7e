/** Keys whose values never reach the audit log, a response or a log line. */
const SECRET_KEY = /^(.*pass(word|wd)?|.*secret.*|token|.*hash|.*credentials?|private_?key|api_?key)$/i;

/** Deep copy with secret-looking fields replaced, so before/after snapshots are safe to store. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) ? "[redacted]" : redactSecrets(v, depth + 1);
  }
  return out;
}

/**
 * Schema set-up that several processes may run at the same moment (replicas and workers of a new
 * deployment starting together): migrations, pg-boss's schema, its queues. PostgreSQL's catalog
 * makes one of two concurrent CREATEs fail (duplicate schema or table, a unique violation in the
 * catalog, or a deadlock) instead of waiting; the loser tries again and then finds the work done.
 */
const RACE_CODES = new Set(["23505", "40P01", "42P07", "42710", "42P06"]);

function codeOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

export async function retryConcurrentSetup<T>(what: string, fn: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !RACE_CODES.has(codeOf(err) ?? "")) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250 * attempt));
    }
  }
}

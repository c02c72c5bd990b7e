/**
 * The process's "shutting down" signal, apart from lib/runtime/shutdown.ts so that light modules
 * (the long polls' change latch, the HTTP listener) can read it without importing the database,
 * the job queue and the lab. On globalThis: Next.js bundles the route modules separately from
 * scripts/serve.ts, and both must see the same signal.
 */
const g = globalThis as unknown as { __metalShutdown?: AbortController };

const controller = () => (g.__metalShutdown ??= new AbortController());

/** Aborted the moment a graceful shutdown begins (SIGTERM/SIGINT). */
export function shutdownSignal(): AbortSignal {
  return controller().signal;
}

export function beginShutdown(): void {
  controller().abort();
}

/** Tests only: a fresh, not yet aborted signal. */
export function resetShutdownSignalForTests(): void {
  g.__metalShutdown = new AbortController();
}

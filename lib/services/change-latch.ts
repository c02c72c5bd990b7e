import { shutdownSignal } from "@/lib/runtime/shutdown-signal";

/**
 * A latch for long polls: `fire()` is called by a change notification; `changed()` resolves
 * true at once if a change already fired, else at the next one, or false after the timeout, when
 * the request is aborted, or when the server begins to shut down (the long poll then answers as at
 * its timeout: a waiting agent must not hold a graceful shutdown for its 10–30 s).
 * Used by the machine agent's and the switch agent's waits.
 */
export type ChangeWait = (timeoutMs: number, signal?: AbortSignal) => Promise<boolean>;

export function changeLatch(): { fire: () => void; changed: ChangeWait } {
  let fired = false;
  let wake: (() => void) | null = null;
  const fire = () => {
    fired = true;
    wake?.();
  };
  const changed: ChangeWait = (timeoutMs, signal) => new Promise<boolean>((resolve) => {
    if (fired) return resolve(true);
    const shutdown = shutdownSignal();
    if (shutdown.aborted) return resolve(false);
    // Every way out removes the abort listener: a long poll calls this once per notification
    // on the same request signal, and listeners left behind would pile up on it.
    const finish = (result: boolean) => {
      clearTimeout(timer);
      wake = null;
      signal?.removeEventListener("abort", onAbort);
      shutdown.removeEventListener("abort", onAbort);
      resolve(result);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    wake = () => finish(true);
    signal?.addEventListener("abort", onAbort, { once: true });
    shutdown.addEventListener("abort", onAbort, { once: true });
  });
  return { fire, changed };
}

import { isDatabaseUnavailable } from "@/lib/http/problem";
import { errFields, log } from "@/lib/log";

/**
 * Unhandled rejections caused by a database outage are logged, not fatal. pg-boss 10's worker
 * loop calls complete()/fail() without awaiting them (src/manager.js, work → onFetch), so a job
 * that finishes while the database is down leaves a rejected promise nobody handles; Node would
 * end the process for it. The job itself is safe: it stays active and pg-boss retries it when it
 * expires. Any other unhandled rejection still ends the process, as Node would.
 */
export function installProcessGuards(): void {
  const g = globalThis as unknown as { __processGuards?: boolean };
  if (g.__processGuards) return;
  g.__processGuards = true;
  process.on("unhandledRejection", (reason) => {
    if (isDatabaseUnavailable(reason)) {
      log("process").warn(errFields(reason), "database unavailable: a library left a failed database call unawaited; the work is retried");
      return;
    }
    log("process").fatal({ err: reason }, "unhandled rejection");
    process.exit(1);
  });
}

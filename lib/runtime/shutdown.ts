import type { Server } from "node:http";
import { closeBmcSessions } from "@/lib/bmc/factory";
import { closeDatabase } from "@/lib/db/client";
import { closeListeners } from "@/lib/db/listen";
import { closeAllStreams } from "@/lib/http/sse";
import { stopQueue } from "@/lib/jobs/runtime";
import { log } from "@/lib/log";
import { beginShutdown } from "./shutdown-signal";

const g = globalThis as unknown as { __shuttingDown?: boolean; __metalLabStop?: () => Promise<void> };

/** The embedded lab's stop (machines off, the live fabric's namespaces and FRR daemons gone): run before exit. */
export function onLabStop(stop: () => Promise<void>): void {
  g.__metalLabStop = stop;
}

/** True from the moment SIGTERM arrives: readiness answers 503, so load balancers stop sending. */
export function isShuttingDown(): boolean {
  return g.__shuttingDown === true;
}

/**
 * Graceful shutdown of a web process (or a worker, with no servers): stop accepting connections,
 * end event streams with a `retry:` hint (EventSource reconnects, to another replica behind a
 * load balancer), answer the agents' long polls at once (shutdown signal → change latch), close
 * keep-alive connections after their current response (lib/runtime/server.ts), let in-flight
 * requests finish, then let running jobs finish, all within `deadlineMs`; what is still open at
 * the deadline is cut (its client sees a failed request, never a silent loss), and the database
 * closes last. Without the long-poll and keep-alive parts the lab's agents (machines: 25 s
 * waits, switches: 10 s, each followed by the next request on the same socket) held every
 * shutdown of `npm start` until the deadline.
 */
export async function gracefulShutdown(servers: Server[], deadlineMs: number, signal = "SIGTERM"): Promise<void> {
  if (g.__shuttingDown) return;
  g.__shuttingDown = true;
  beginShutdown();
  const l = log("shutdown");
  const deadline = Date.now() + deadlineMs;
  l.info({ signal, deadlineMs }, "shutting down: no new connections, finishing in-flight requests and jobs");
  const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
  for (const s of servers) s.closeIdleConnections(); // keep-alive sockets with no request in flight
  const streams = closeAllStreams(1000);
  const timeLeft = () => Math.max(0, deadline - Date.now());
  const timedOut = await Promise.race([
    Promise.all(closed).then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), timeLeft()).unref()),
  ]);
  if (timedOut) {
    l.warn("shutdown deadline: closing the remaining connections");
    for (const s of servers) s.closeAllConnections();
  }
  const connectionsMs = deadlineMs - timeLeft();
  // Jobs: pg-boss stops fetching and waits for running handlers (its own timeout = time left).
  await stopQueue(Math.max(1000, timeLeft())).catch((err) => l.warn({ err: (err as Error).message }, "job queue did not stop cleanly"));
  await closeBmcSessions().catch(() => {}); // log out of the BMC sessions the finished jobs kept open
  await g.__metalLabStop?.().catch((err) => l.warn({ err: (err as Error).message }, "the embedded lab did not stop cleanly"));
  await closeListeners().catch(() => {});
  await closeDatabase().catch(() => {});
  l.info({ streams, timedOut, connectionsMs, totalMs: deadlineMs - timeLeft() }, "shut down");
}

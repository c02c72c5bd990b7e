/**
 * A web replica for multi-process tests (database restarts, several replicas, rolling restarts):
 * the app's real route modules behind the app's real listener (lib/runtime/server.ts), started
 * as the server starts them (migrations, the job queue client, workers only with RUN_WORKERS),
 * with the same graceful shutdown on SIGTERM as scripts/serve.ts. It stands in for `next start`
 * (which needs a production build); the request path after Next's router is the same code.
 * Prints "listening <port>" on stdout once it serves.
 */
import * as healthRoute from "@/app/api/v1/health/route";
import * as readyRoute from "@/app/api/v1/health/ready/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import * as machineStreamRoute from "@/app/api/v1/machines/stream/route";
import * as meRoute from "@/app/api/v1/me/route";
import { appRouteTable } from "@/lab/app-routes";
import { dispatch, type RouteTable } from "@/lab/route-server";
import { getDatabase } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";
import { getQueue } from "@/lib/jobs/runtime";
import { createListener, listen } from "@/lib/runtime/server";
import { installProcessGuards } from "@/lib/runtime/process-guards";
import { gracefulShutdown } from "@/lib/runtime/shutdown";

async function main(): Promise<void> {
  installProcessGuards();
  const env = getEnv();
  const database = await getDatabase();
  await runMigrations(database);
  await getQueue(database, { workers: env.runWorkers });
  // The stream route before the generic machines/[id] one: the table matches in order.
  const routes: RouteTable = [
    ["/api/v1/health", healthRoute], ["/api/v1/health/ready", readyRoute], ["/api/v1/metrics", metricsRoute],
    ["/api/v1/me", meRoute], ["/api/v1/machines/stream", machineStreamRoute], ...(await appRouteTable()),
  ];
  const server = createListener("public", (req, res) => dispatch(routes, req, res, { markBoot: false }));
  const port = await listen(server, Number(process.env.REPLICA_PORT ?? env.port), "127.0.0.1");
  process.stdout.write(`listening ${port}\n`);
  const stop = async (signal: string) => {
    await gracefulShutdown([server], env.shutdownTimeoutMs, signal);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((err) => {
  console.error("web replica failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});

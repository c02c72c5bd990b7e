/**
 * `npm run worker`: a standalone worker process (production runs M of these beside the web
 * replicas). It applies migrations, then runs every registered job handler until stopped.
 * It survives database restarts (lib/db: error listeners on every connection, a reconnecting
 * LISTEN; pg-boss retries its fetches). SIGTERM lets running jobs finish (SHUTDOWN_TIMEOUT_SECONDS).
 * With WORKER_METRICS_PORT it serves its own Prometheus metrics (job durations) at /metrics.
 */
import { createServer } from "node:http";
import { getDatabase } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";
import { jobs } from "@/lib/jobs/registry";
import { getQueue } from "@/lib/jobs/runtime";
import { errFields, log } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { installProcessGuards } from "@/lib/runtime/process-guards";
import { gracefulShutdown } from "@/lib/runtime/shutdown";

process.env.LOG_ROLE ??= "worker";
installProcessGuards();

async function main() {
  const env = getEnv();
  if (env.database.engine === "pglite") {
    console.error("npm run worker needs DATABASE_URL: with the embedded PGlite database the workers run inside `npm start`.");
    process.exit(2);
  }
  const database = await getDatabase();
  await runMigrations(database);
  await getQueue(database, { workers: true });
  if (env.metrics.workerPort !== undefined) await serveMetrics(env.metrics.workerPort, env.metrics.workerHost);
  // The start-up banner goes to stdout whatever LOG_LEVEL says (scripts and tests wait for it).
  console.log(`worker running ${jobs.length} job type(s): ${jobs.map((j) => j.name).join(", ")}`);
}

/** The worker's own metrics (its job histograms live in this process); loopback unless configured. */
function serveMetrics(port: number, host: string): Promise<void> {
  const { registry } = metrics();
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    registry.metrics().then((body) => res.writeHead(200, { "content-type": registry.contentType }).end(body), () => res.writeHead(500).end());
  });
  return new Promise((resolve) => server.listen(port, host, () => {
    const address = server.address();
    log("worker").info({ metrics: typeof address === "object" && address ? `http://${host}:${address.port}/metrics` : null }, "worker metrics listening");
    resolve();
  }));
}

async function shutdown(signal: string) {
  await gracefulShutdown([], getEnv().shutdownTimeoutMs, signal); // also logs out of open BMC sessions
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

main().catch((err) => {
  log("worker").fatal(errFields(err), "worker failed to start");
  process.exit(1);
});

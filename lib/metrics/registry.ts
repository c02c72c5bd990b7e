import client from "prom-client";

/**
 * The process's Prometheus metrics (prom-client). Kept on globalThis: Next.js loads
 * instrumentation (job workers) and route handlers as separate module graphs in one process,
 * and both must count into the one registry that /api/v1/metrics serves.
 *
 * Counters and histograms measured in this process: HTTP requests (withApi) and jobs run by this
 * process's workers. Everything derived from the database (queue depth, BMC commands, inventory)
 * is read at scrape time instead (inventory.ts), so any replica answers for the whole cluster.
 */
type Metrics = {
  registry: client.Registry;
  httpRequests: client.Counter<"route" | "method" | "status">;
  httpDuration: client.Histogram<"route" | "method" | "status">;
  jobDuration: client.Histogram<"name" | "result">;
};

const g = globalThis as unknown as { __metrics?: Metrics };

export function metrics(): Metrics {
  if (g.__metrics) return g.__metrics;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "metal_process_" });
  g.__metrics = {
    registry,
    httpRequests: new client.Counter({
      name: "metal_http_requests_total", help: "API requests by route template, method and status code",
      labelNames: ["route", "method", "status"], registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: "metal_http_request_duration_seconds", help: "API request durations by route template, method and status code",
      labelNames: ["route", "method", "status"], registers: [registry],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    jobDuration: new client.Histogram({
      name: "metal_job_duration_seconds", help: "Jobs run by this process's workers, by queue name and result",
      labelNames: ["name", "result"], registers: [registry],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    }),
  };
  return g.__metrics;
}

/** One API request (route is the endpoint's path template, never the concrete path: bounded labels). */
export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  const m = metrics();
  const labels = { route, method, status: String(status) };
  m.httpRequests.inc(labels);
  m.httpDuration.observe(labels, seconds);
}

export function observeJob(name: string, result: "completed" | "failed", seconds: number): void {
  metrics().jobDuration.observe({ name, result }, seconds);
}

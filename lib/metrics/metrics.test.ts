import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import * as readyRoute from "@/app/api/v1/health/ready/route";
import * as meRoute from "@/app/api/v1/me/route";
import { expiryFromDuration } from "@/lib/auth/tokens";
import type { Database } from "@/lib/db/client";
import { resetEnv } from "@/lib/env";
import { resetLogger } from "@/lib/log";
import { createTokenFromShell } from "@/lib/runtime/admin-cli";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { allocation, insertWaitingMachine, setupAcmeProject, setupCatalog } from "@/lib/services/machines/allocation.fixtures";
import { createToken } from "@/lib/services/tokens";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { clearInventoryCache } from "./inventory";

/** One sample of the text exposition format: name, labels, value. */
type Sample = { name: string; labels: Record<string, string>; value: number };

/** A small parser for Prometheus' text format (what a scraper does with the answer). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

const ctx = { params: Promise.resolve({}) };
const get = (route: { GET?: (req: Request, c: typeof ctx) => Promise<Response> }, path: string, headers: Record<string, string> = {}) =>
  route.GET!(new Request(`http://localhost${path}`, { headers }), ctx);

describe.each(testEngines())("metrics, readiness and request logs on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let operatorToken: string;
  let tenantToken: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    resetEnv({ RUN_WORKERS: "false", METRICS_TOKEN: "scraper-secret-0123456789", METRICS_CACHE_SECONDS: "0", LOG_LEVEL: "info" });
    resetLogger(new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(chunk.toString())); done(); } }));
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    const { projectId, owner } = await setupAcmeProject();
    for (let i = 0; i < 3; i++) await insertWaitingMachine(database.db);
    await insertWaitingMachine(database.db, { liveliness: "Dead" });
    await allocateMachine(owner, allocation(projectId));
    operatorToken = (await createTokenFromShell(database.db, { admin: true, roles: [], expires: "1d", description: "metrics test" })).token.secret;
    tenantToken = (await createToken(owner, { description: "tenant", roles: owner.grants, expiresAt: expiryFromDuration("1d") })).secret;
  });
  afterAll(async () => {
    resetLogger();
    resetEnv();
    await cleanup?.();
  });

  it("serves Prometheus text to an operator token and to METRICS_TOKEN; tenants and anonymous callers get nothing", async () => {
    expect((await get(metricsRoute, "/api/v1/metrics")).status).toBe(401);
    const tenant = await get(metricsRoute, "/api/v1/metrics", { authorization: `Bearer ${tenantToken}` });
    expect(tenant.status).toBe(403);
    expect(await tenant.text()).not.toMatch(/metal_partition/);
    const scraper = await get(metricsRoute, "/api/v1/metrics", { authorization: "Bearer scraper-secret-0123456789" });
    expect(scraper.status).toBe(200);
    expect(scraper.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);

    clearInventoryCache();
    const res = await get(metricsRoute, "/api/v1/metrics", { authorization: `Bearer ${operatorToken}` });
    expect(res.status).toBe(200);
    const samples = parseExposition(await res.text());
    const cap = (n: string) => find(samples, `metal_partition_capacity_${n}`, { partition: "fra1", size: "c1-large" })[0]?.value;
    // 4 machines of the size: 1 allocated, 2 waiting (free), 1 dead (unavailable).
    expect({ total: cap("total"), allocated: cap("allocated"), waiting: cap("waiting"), free: cap("free"), unavailable: cap("unavailable") })
      .toEqual({ total: 4, allocated: 1, waiting: 2, free: 2, unavailable: 1 });
    expect(find(samples, "metal_machine_issues", { partition: "fra1", issue: "dead" })[0]?.value).toBe(1);
    expect(find(samples, "metal_machines", { partition: "fra1", liveliness: "Dead" }).reduce((a, s) => a + s.value, 0)).toBe(1);
    // The allocation took addresses from the project's private network.
    expect(find(samples, "metal_network_ip_used").reduce((a, s) => a + s.value, 0)).toBeGreaterThan(0);
    expect(find(samples, "metal_network_ip_available", { family: "ipv4" }).every((s) => s.value >= 0)).toBe(true);
    // The earlier scrapes were counted by route template, method and status.
    expect(find(samples, "metal_http_requests_total", { route: "/api/v1/metrics", method: "GET", status: "403" })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, "metal_http_request_duration_seconds_count", { route: "/api/v1/metrics", status: "200" })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, "metal_listen_connection_up")).toHaveLength(1);
    for (const c of ["capacity", "machines", "networks", "jobs", "bmc_commands"]) {
      // The job schema exists only once a queue has started (no worker in this test): then that collector says 0.
      if (c !== "jobs") expect(find(samples, "metal_metrics_collector_up", { collector: c })[0]?.value, c).toBe(1);
    }
  });

  it("computes the inventory gauges once per cache interval, however often it is scraped", async () => {
    resetEnv({ RUN_WORKERS: "false", METRICS_TOKEN: "scraper-secret-0123456789", METRICS_CACHE_SECONDS: "60" });
    clearInventoryCache();
    const scrape = async () => parseExposition(await (await get(metricsRoute, "/api/v1/metrics", { authorization: `Bearer ${operatorToken}` })).text());
    const before = await scrape();
    await insertWaitingMachine(database.db);
    const cached = await scrape();
    expect(find(cached, "metal_partition_capacity_total", { partition: "fra1" })[0].value).toBe(find(before, "metal_partition_capacity_total", { partition: "fra1" })[0].value);
    clearInventoryCache();
    expect(find(await scrape(), "metal_partition_capacity_total", { partition: "fra1" })[0].value).toBe(5);
    resetEnv({ RUN_WORKERS: "false", METRICS_TOKEN: "scraper-secret-0123456789", METRICS_CACHE_SECONDS: "0" });
  });

  it("is ready with the database reachable and every migration applied (workers external here)", async () => {
    const res = await get(readyRoute, "/api/v1/health/ready");
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ready: true, checks: { database: { ok: true }, migrations: { ok: true }, workers: { ok: true, mode: "external" }, shuttingDown: false } });
    expect(body.checks.migrations.applied).toBe(body.checks.migrations.expected);
    // Workers expected in this process but not running: not ready.
    resetEnv({ RUN_WORKERS: "true" });
    const notReady = await get(readyRoute, "/api/v1/health/ready");
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ ready: false, checks: { workers: { ok: false, mode: "in-process" } } });
    resetEnv({ RUN_WORKERS: "false", METRICS_TOKEN: "scraper-secret-0123456789", METRICS_CACHE_SECONDS: "0" });
  });

  it("logs one JSON line per request: the X-Request-Id, route template, status, duration and actor id, never the token", async () => {
    lines.length = 0;
    const res = await get(meRoute, "/api/v1/me", { authorization: `Bearer ${tenantToken}`, "x-request-id": "req-test-0001" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-test-0001");
    const line = lines.find((l) => l.requestId === "req-test-0001");
    expect(line).toMatchObject({ level: "info", component: "http", method: "GET", route: "/api/v1/me", status: 200, actor: expect.stringMatching(/^token:/) });
    expect(typeof line!.durationMs).toBe("number");
    expect(typeof line!.time).toBe("string");
    expect(JSON.stringify(lines)).not.toContain(tenantToken);
    expect(JSON.stringify(lines)).not.toContain(tenantToken.slice(-20));
  });
});

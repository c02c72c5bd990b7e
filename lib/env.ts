import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";
import { type TimeoutConfig, timeoutConfigInput } from "@/lib/domain/lifecycle/timeouts";

/**
 * The one place that reads process.env. Everything is validated once; embedded mode
 * (no AUTH_OIDC_ISSUER) fills in working defaults so `npm start` needs no configuration.
 */
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Listen address; embedded mode defaults to loopback only. */
  HOST: z.string().optional(),
  APP_URL: z.url().optional(),
  /** The boot listener (agents of machines and switches): port, default PORT + 2. */
  BOOT_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Its address: loopback unless set; production binds it to the management network. */
  BOOT_HOST: z.string().min(1).optional(),
  /** The URL machines reach the boot listener at (iPXE script, agent API, images); default http://BOOT_HOST:BOOT_PORT. */
  BOOT_URL: z.url().optional(),
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: z.string().startsWith("postgres").optional(),
  PGLITE_DIR: z.string().optional(),
  AUTH_SECRET: z.string().min(32).optional(),
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  AUTH_GROUPS_CLAIM: z.string().min(1).default("groups"),
  AUTH_ADMIN_GROUPS: z.string().default("metal-admins"),
  AUTH_ADMIN_VIEWER_GROUPS: z.string().default("metal-viewers"),
  DEV_IDP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  RUN_WORKERS: bool.optional(),
  SEED_DEMO: bool.optional(),
  /** 32 bytes (base64 or hex) that encrypt BMC passwords at rest; embedded mode generates one. */
  BMC_SECRET_KEY: z.string().min(1).optional(),
  BMC_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  BMC_POLL_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  /**
   * BMCs whose commands one worker process executes at once (commands to one BMC always run one
   * at a time). BMC calls wait on the network, not the CPU, and the drains are fetched together by
   * one consumer (lib/jobs/slots.ts: an idle queue costs one fetch per poll whatever this is), so
   * every BMC of a large free gets its worker at once: 300 machines freed together need 300
   * (bench:bmc throughput). Several worker processes add up. Default 500 (embedded: 300).
   */
  BMC_COMMAND_CONCURRENCY: z.coerce.number().int().min(1).max(5000).optional(),
  /** How long a running BMC command belongs to its worker; a worker that died is taken over after it. */
  BMC_COMMAND_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(90),
  /** How long a BMC's power state must hold before it counts (docs/bmc.md "Settle"). */
  BMC_SETTLE_MS: z.coerce.number().int().min(0).max(30_000).default(1_000),
  /** The embedded lab's BMCs apply power changes this long after the request: "2000" or a random "1000-3000" (ms); "0" for the fast path. */
  LAB_BMC_POWER_DELAY_MS: z.string().regex(/^\d+(-\d+)?$/, "milliseconds or a range, e.g. 1000-3000").default("1000-3000"),
  /** The embedded lab's BMCs: the Redfish emulator (no system packages) or OpenIPMI ipmi_sim. */
  LAB_BMC_PROTOCOL: z.enum(["redfish", "ipmi"]).default("redfish"),
  /**
   * The embedded lab's switch fabric: "live" (real FRR leaves, spine and machine routers in network
   * namespaces; needs root and FRR), "simulated" (configs rendered and validated only), "auto"
   * (live when possible). docs/fabric.md.
   */
  LAB_FABRIC: z.enum(["auto", "live", "simulated"]).default("auto"),
  /** Every network namespace of the live fabric starts with it; default "mf<PORT>-" (two servers on one host never clash). */
  LAB_FABRIC_PREFIX: z.string().regex(/^[a-z][a-z0-9-]{0,11}$/, "lowercase letters, digits and -, up to 12").optional(),
  /** Lab machine i's BMC listens on 127.0.0.1:(this + i); default PORT + 1000. */
  LAB_BMC_BASE_PORT: z.coerce.number().int().min(1).max(65000).optional(),
  /** Real QEMU VMs (TCG) added to the embedded lab, each with an ipmi_sim BMC (lab/vm); 0 = none. */
  LAB_VMS: z.coerce.number().int().min(0).max(4).default(0),
  /** Per transitional state, seconds before a machine stuck in it is shown as failed, e.g. {"Installing": 1800}. */
  MACHINE_TIMEOUTS: z.string().optional(),
  /** Throttling (lib/services/throttle.ts), counted in the database: generous, so the e2e suite and the lab never hit them. */
  THROTTLE_FAILED_BEARER_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  THROTTLE_TOKEN_CREATE_PER_HOUR: z.coerce.number().int().min(1).default(120),
  THROTTLE_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  THROTTLE_BOOT_REGISTER_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
  /** json: one JSON object per line (production default); pretty: for people (embedded default). */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** Which process this is in the logs (web, worker); set by the entry points. */
  LOG_ROLE: z.string().max(40).optional(),
  /** PostgreSQL connections per process, and how long a request waits for one before it is answered 503. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** Bearer token that may read /api/v1/metrics (besides operators), for a Prometheus scraper. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Seconds inventory gauges (one query each) are cached between scrapes. */
  METRICS_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(15),
  /** A standalone worker serves its own /metrics on this port (127.0.0.1 unless METRICS_HOST). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WORKER_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Graceful shutdown: how long SIGTERM waits for in-flight requests and jobs. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(600).default(25),
  /** Integration tests also run against this PostgreSQL server when set (CI sets it). */
  TEST_DATABASE_URL: z.string().startsWith("postgres").optional(),
  /** Set by CI (`.ci/run`): tests that need PostgreSQL (or other real parts) fail instead of skipping. */
  CI: z.string().optional(),
});

export type Env = ReturnType<typeof buildEnv>;

function list(v: string): string[] {
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

/** MACHINE_TIMEOUTS: a JSON object of state → seconds, merged over the defaults of lib/domain/lifecycle. */
function machineTimeouts(raw: string | undefined): TimeoutConfig {
  let seconds: unknown = {};
  try {
    if (raw) seconds = JSON.parse(raw);
  } catch {
    throw new Error("Invalid environment: MACHINE_TIMEOUTS must be a JSON object of state → seconds, e.g. {\"Installing\": 1800}");
  }
  const ms = Object.fromEntries(Object.entries(seconds as Record<string, unknown>).map(([k, v]) => [k, typeof v === "number" ? v * 1000 : v]));
  const parsed = timeoutConfigInput.safeParse(ms);
  if (!parsed.success) throw new Error(`Invalid environment: MACHINE_TIMEOUTS: ${parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** Reads or creates a random secret under the data dir (embedded mode only). */
function persistentSecret(dataDir: string, name: string): string {
  const file = path.join(/*turbopackIgnore: true*/ dataDir, name);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

function buildEnv(raw: NodeJS.ProcessEnv) {
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${fields}`);
  }
  const e = parsed.data;
  const embedded = !e.AUTH_OIDC_ISSUER;
  if (!embedded && (!e.AUTH_OIDC_ID || !e.AUTH_OIDC_SECRET || !e.AUTH_SECRET)) {
    throw new Error("Invalid environment: AUTH_OIDC_ISSUER needs AUTH_OIDC_ID, AUTH_OIDC_SECRET and AUTH_SECRET");
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.DATA_DIR);
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  const devIdpPort = e.DEV_IDP_PORT ?? e.PORT + 1;
  const bootPort = e.BOOT_PORT ?? e.PORT + 2;
  const bootHost = e.BOOT_HOST ?? "127.0.0.1";
  // A wildcard bind address is not a URL anyone can reach: machines on this host use loopback.
  const reachableBootHost = bootHost === "0.0.0.0" || bootHost === "::" ? "127.0.0.1" : bootHost.includes(":") ? `[${bootHost}]` : bootHost;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (embedded ? "127.0.0.1" : "0.0.0.0"),
    appUrl,
    boot: { port: bootPort, host: bootHost, url: (e.BOOT_URL ?? `http://${reachableBootHost}:${bootPort}`).replace(/\/$/, "") },
    dataDir,
    embedded,
    database: e.DATABASE_URL
      ? ({ engine: "postgres", url: e.DATABASE_URL } as const)
      : ({ engine: "pglite", dir: path.resolve(/*turbopackIgnore: true*/ e.PGLITE_DIR ?? path.join(dataDir, "pglite")) } as const),
    auth: {
      secret: e.AUTH_SECRET ?? persistentSecret(dataDir, "auth-secret"),
      issuer: e.AUTH_OIDC_ISSUER ?? `http://localhost:${devIdpPort}`,
      clientId: e.AUTH_OIDC_ID ?? "metal-dev",
      clientSecret: e.AUTH_OIDC_SECRET ?? "metal-dev-secret",
      groupsClaim: e.AUTH_GROUPS_CLAIM,
      adminGroups: list(e.AUTH_ADMIN_GROUPS),
      adminViewerGroups: list(e.AUTH_ADMIN_VIEWER_GROUPS),
    },
    devIdp: embedded ? { port: devIdpPort } : null,
    runWorkers: e.RUN_WORKERS ?? embedded,
    seedDemo: e.SEED_DEMO ?? embedded,
    bmc: {
      /** null: not configured (production without BMC_SECRET_KEY); storing or using a BMC password then fails clearly. */
      secretKey: e.BMC_SECRET_KEY ?? (embedded ? persistentSecret(dataDir, "bmc-secret-key") : null),
      pollIntervalSeconds: e.BMC_POLL_INTERVAL_SECONDS,
      pollConcurrency: e.BMC_POLL_CONCURRENCY,
      commandConcurrency: e.BMC_COMMAND_CONCURRENCY ?? (embedded ? 300 : 500),
      commandLeaseMs: e.BMC_COMMAND_LEASE_SECONDS * 1000,
      settleMs: e.BMC_SETTLE_MS,
    },
    lab: { bmcProtocol: e.LAB_BMC_PROTOCOL, bmcBasePort: e.LAB_BMC_BASE_PORT ?? e.PORT + 1000, bmcPowerDelay: e.LAB_BMC_POWER_DELAY_MS, vms: e.LAB_VMS, fabric: e.LAB_FABRIC, fabricPrefix: e.LAB_FABRIC_PREFIX ?? `mf${e.PORT}-` },
    machineTimeouts: machineTimeouts(e.MACHINE_TIMEOUTS),
    throttle: {
      failedBearer: { points: e.THROTTLE_FAILED_BEARER_PER_MINUTE, seconds: 60 },
      tokenCreate: { points: e.THROTTLE_TOKEN_CREATE_PER_HOUR, seconds: 3600 },
      signIn: { points: e.THROTTLE_SIGN_IN_PER_MINUTE, seconds: 60 },
      bootRegister: { points: e.THROTTLE_BOOT_REGISTER_PER_MINUTE, seconds: 60 },
    },
    log: {
      level: e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "warn" : "info"),
      format: e.LOG_FORMAT ?? (embedded ? "pretty" : "json"),
      role: e.LOG_ROLE ?? "web",
    },
    pool: { size: e.DATABASE_POOL_SIZE, timeoutMs: e.DATABASE_POOL_TIMEOUT_MS },
    metrics: { token: e.METRICS_TOKEN, cacheSeconds: e.METRICS_CACHE_SECONDS, workerPort: e.WORKER_METRICS_PORT, workerHost: e.WORKER_METRICS_HOST },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    testDatabaseUrl: e.TEST_DATABASE_URL,
    ci: e.CI !== undefined && e.CI !== "" && e.CI !== "false" && e.CI !== "0",
  };
}

const g = globalThis as unknown as { __env?: Env };

export function getEnv(): Env {
  g.__env ??= buildEnv(process.env);
  return g.__env;
}

/** Tests and CLIs that need a different configuration rebuild it explicitly. */
export function resetEnv(overrides: Record<string, string | undefined> = {}): Env {
  g.__env = buildEnv({ ...process.env, ...overrides });
  return g.__env;
}

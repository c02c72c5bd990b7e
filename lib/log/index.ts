import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { getEnv } from "@/lib/env";

/**
 * The process's structured logger (pino). JSON lines in production (LOG_FORMAT=json, the default
 * outside embedded mode), human-readable lines for `npm start` / `npm run dev` (LOG_FORMAT=pretty,
 * the embedded default); LOG_LEVEL filters. Fields that could carry secrets are redacted wherever
 * they appear, so a careless `log.info({ headers })` cannot leak a token.
 *
 * Created lazily (the environment is validated on first use, not at import) and kept on
 * globalThis: Next.js loads instrumentation and route handlers as separate module graphs.
 */
const REDACT = [
  "authorization", "cookie", "password", "secret", "token", "clientSecret",
  "*.authorization", "*.cookie", "*.password", "*.secret", "*.token", "*.clientSecret",
  "headers.authorization", "headers.cookie",
];

const g = globalThis as unknown as { __logger?: Logger; __loggers?: Map<string, Logger>; __logDestination?: pino.DestinationStream };

export function rootLogger(): Logger {
  if (g.__logger) return g.__logger;
  const env = getEnv();
  const options: pino.LoggerOptions = {
    level: env.log.level,
    base: { pid: process.pid, role: env.log.role },
    redact: { paths: REDACT, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // pino-pretty as an in-thread stream, not a transport: no worker thread for Next.js to bundle.
  g.__logger = g.__logDestination
    ? pino(options, g.__logDestination)
    : env.log.format === "pretty"
      ? pino(options, pretty({ sync: true, colorize: process.stdout.isTTY, ignore: "pid,hostname,role", translateTime: "HH:MM:ss.l" }))
      : pino(options);
  return g.__logger;
}

/** A component's logger ("http", "jobs", "listen", …), created on first use. */
export function log(component: string): Logger {
  g.__loggers ??= new Map();
  let l = g.__loggers.get(component);
  if (!l) g.__loggers.set(component, (l = rootLogger().child({ component })));
  return l;
}

/** Tests that change LOG_* rebuild the logger; with `destination`, JSON lines go there instead of stdout. */
export function resetLogger(destination?: pino.DestinationStream): void {
  g.__logger = undefined;
  g.__loggers = undefined;
  g.__logDestination = destination;
}

/** An error as log fields: its message and code, never a connection string or the stack of a known failure. */
export function errFields(err: unknown): { err: string; code?: string } {
  const code = (err as { code?: unknown })?.code;
  return { err: err instanceof Error ? err.message : String(err), ...(typeof code === "string" ? { code } : {}) };
}

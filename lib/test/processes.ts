import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

/**
 * Real processes and a real network fault for operations tests: app processes (a web replica,
 * `npm run worker`) started with tsx, and a TCP proxy between them and PostgreSQL that the test
 * can cut (every connection reset, new ones refused: what a database restart or failover looks
 * like to the app) without touching the PostgreSQL server other tests share.
 */
export type DbProxy = { port: number; url: (databaseUrl: string) => string; down: () => Promise<void>; up: () => Promise<void>; close: () => Promise<void> };

export async function startDbProxy(target: { host: string; port: number }): Promise<DbProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  });
  const listenOn = (port: number) => new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
  const port = await listenOn(0);
  const down = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy(); // every open connection resets: "Connection terminated unexpectedly"
    sockets.clear();
  });
  return {
    port,
    url: (databaseUrl) => {
      const u = new URL(databaseUrl);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    down,
    up: async () => void (await listenOn(port)),
    close: () => (server.listening ? down() : Promise.resolve()),
  };
}

export type AppProcess = {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  alive: () => boolean;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/** Starts `script` (a path in the repository) with node --import tsx and the given environment. */
export function startAppProcess(script: string, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(process.cwd(), script)], {
    env: { ...process.env, NODE_ENV: "production", LOG_FORMAT: "json", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const w of waiters) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => {
    for (const w of waiters) w();
    resolve(code);
  }));
  return {
    child,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    waitFor: (pattern, timeoutMs = 60_000) => new Promise((resolve, reject) => {
      const check = () => {
        const m = out.match(pattern);
        if (m) return done(() => resolve(m));
        if (child.exitCode !== null || child.signalCode !== null) return done(() => reject(new Error(`${script} exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${out.slice(-3000)}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${script}: no ${pattern} within ${timeoutMs} ms:\n${out.slice(-3000)}`))), timeoutMs);
      const done = (f: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        f();
      };
      waiters.add(check);
      check();
    }),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

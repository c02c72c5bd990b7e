import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import path from "node:path";

/**
 * A route handler behind a plain node:http server, loaded by a client in ANOTHER process
 * (bench/http-load-client.mjs). The allocation bench used to call the handler in-process: the
 * client's work (building requests, its promises) ran on the server's thread and counted as
 * the server's CPU, and no HTTP was parsed or written at all. Here the server process pays what a
 * deployment pays for each request (HTTP, the web Request/Response, the handler) minus Next's
 * router, and process.cpuUsage() of the server process is the server's alone. The client still
 * runs on the same machine (as pgbench's clients do), so it takes CPU from the same cores.
 */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type LoadResult = { latencies: number[]; wallMs: number; cpuMs: number; failures: string[] };

export async function serveHandler(handler: Handler, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await handler(new Request(`http://127.0.0.1:${port}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }), { params: Promise.resolve({}) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export class LoadClient {
  private child: ChildProcess;
  constructor() {
    // Plain node (no tsx loader): the client is a small .mjs.
    this.child = fork(path.join(import.meta.dirname, "http-load-client.mjs"), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  }
  /** POSTs every body to `url` with `clients` requests in flight; resolves with the client's measurements. */
  async run(url: string, token: string, bodies: object[], clients: number): Promise<LoadResult> {
    const answer = once(this.child, "message") as Promise<[LoadResult]>;
    this.child.send({ url, token, bodies, clients });
    return (await answer)[0];
  }
  close(): void {
    this.child.kill();
  }
}

/**
 * BENCH_CPU_PROFILE=<file.cpuprofile>: a V8 CPU profile of this process over `fn` only (not the
 * setup), for Chrome DevTools or speedscope.
 */
export async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return fn();
  const { Session } = await import("node:inspector/promises");
  const { writeFileSync } = await import("node:fs");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

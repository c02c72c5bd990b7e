import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { edgeAnswer, type Listener } from "@/lib/http/edge";
import { markArrival } from "@/lib/http/listener";
import { isDatabaseUnavailable, problemResponse, retryAfter, toProblem } from "@/lib/http/problem";
import { log } from "@/lib/log";
import { shutdownSignal } from "./shutdown-signal";

/**
 * The app's HTTP listeners around one request handler (Next.js in scripts/serve.ts; the real
 * route modules in tests): the public listener (portal, JSON API) and the boot listener (the
 * machine- and switch-facing boot service, on the management network). Each request first meets
 * the edge (lib/http/edge.ts: listener separation, malformed paths, refused methods); what passes
 * is marked with the listener it arrived on (lib/http/listener.ts) and handed on.
 */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function writeAnswer(res: ServerResponse, a: { status: number; headers: Record<string, string>; body: string }, head: boolean): Promise<void> {
  res.writeHead(a.status, a.headers);
  res.end(head ? undefined : a.body);
}

export function createListener(listener: Listener, handle: RequestHandler): Server {
  const server = createServer((req, res) => {
    const answer = edgeAnswer(req.method ?? "GET", req.url ?? "/", listener);
    if (answer) {
      void writeAnswer(res, answer, req.method === "HEAD");
      return;
    }
    // Shutting down: no keep-alive. A request that arrives on a kept-alive socket is answered with
    // `connection: close`; a response that was already in flight when the shutdown began closes
    // its socket once it is done (server.close() alone leaves busy keep-alive sockets open, and
    // an agent reusing one for its next request would hold the shutdown until the deadline).
    if (shutdownSignal().aborted) res.setHeader("connection", "close");
    res.once("finish", () => {
      if (shutdownSignal().aborted) server.closeIdleConnections();
    });
    markArrival(req.headers, req.rawHeaders, listener, req.socket.remoteAddress);
    handle(req, res).catch(async (err: unknown) => {
      // A page render that met a database outage is a 503 too; anything else a bare 500.
      const outage = isDatabaseUnavailable(err);
      log("http").error({ listener, method: req.method, path: req.url?.split("?")[0], err: outage ? (err as Error).message : err }, "request failed");
      if (res.headersSent) return void res.destroy();
      const problem = problemResponse(toProblem(outage ? err : new Error("unhandled")), outage ? { "retry-after": String(retryAfter(err) ?? 2) } : {});
      res.writeHead(problem.status, Object.fromEntries(problem.headers));
      res.end(await problem.text());
    });
  });
  // A client that sends garbage instead of HTTP gets a plain 400 from Node; never a crash.
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
  });
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

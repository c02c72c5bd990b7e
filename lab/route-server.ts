import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isBootPath } from "@/lib/http/boot-paths";
import { AppError, NotFoundError } from "@/lib/http/errors";
import { toProblem } from "@/lib/http/problem";
import { bootListenerMark, LISTENER_HEADER, PEER_HEADER, peerMark } from "@/lib/http/listener";

/**
 * A minimal HTTP server (127.0.0.1, random port) that dispatches to Next.js App Router route
 * modules exactly as Next calls them: a web Request (aborted when the client hangs up, so long
 * polls end) and a promise of the dynamic params; the web Response is streamed back.
 * For tests and benchmarks that need the real routes over real HTTP without `next start`.
 * It plays both listeners on one port: requests for boot paths are marked as the boot listener
 * marks them (lib/http/listener.ts), since the lab's machines talk to the boot service here.
 */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;
/** Path pattern in the app directory's syntax ("/api/boot/machines/[id]/wait") → its module. */
export type RouteTable = [pattern: string, module: RouteModule][];

export function matchRoute(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const got = pathname.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const dynamic = /^\[(\w+)\]$/.exec(want[i]);
    if (dynamic) params[dynamic[1]] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Hands a Node request to the matching route module. `markBoot`: mark requests for boot paths
 * as the boot listener would (serveRoutes plays both listeners on one port); without it the
 * request's headers are passed as they are (behind lib/runtime/server.ts createListener, which marks).
 */
export async function dispatch(routes: RouteTable, req: IncomingMessage, res: ServerResponse, opts: { markBoot: boolean }): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const found = routes.map(([p, m]) => [matchRoute(p, url.pathname), m] as const).find(([params]) => params);
  const handler = found?.[1][(req.method ?? "GET") as keyof RouteModule];
  if (!found || !handler) {
    // As the app answers paths no route serves (app/api/v1/[...unknown]) and methods a route lacks (lib/http/edge.ts).
    const problem = toProblem(found ? new AppError(405, "method_not_allowed", "Method not allowed", `${req.method} is not allowed here.`) : new NotFoundError("API endpoint", url.pathname), undefined, url.pathname);
    res.writeHead(problem.status, { "content-type": "application/problem+json" }).end(JSON.stringify(problem));
    return;
  }
  const hangUp = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) hangUp.abort();
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) for (const value of [v ?? []].flat()) headers.append(k, value);
  if (opts.markBoot) {
    headers.delete(LISTENER_HEADER);
    headers.delete(PEER_HEADER);
    if (isBootPath(url.pathname)) headers.set(LISTENER_HEADER, bootListenerMark());
    if (req.socket.remoteAddress) headers.set(PEER_HEADER, peerMark(req.socket.remoteAddress));
  }
  const body = await readBody(req);
  const request = new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined, signal: hangUp.signal });
  const response = await handler(request, { params: Promise.resolve(found[0]!) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  const reader = response.body?.getReader();
  for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) res.write(r.value);
  res.end();
}

export async function serveRoutes(routes: RouteTable): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    dispatch(routes, req, res, { markBoot: true }).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`route server: ${(err as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

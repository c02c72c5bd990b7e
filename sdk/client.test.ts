import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetalClient, listAll, MetalApiError, unwrap } from "./index";

/** A small HTTP server answering like the API does (pages, problem documents, a proxy's HTML error). */
let url = "";
const seen: { authorization?: string; path: string }[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const u = new URL(req.url ?? "/", "http://x");
  seen.push({ authorization: req.headers.authorization, path: u.pathname + u.search });
  if (u.pathname === "/api/v1/machines") {
    const cursor = u.searchParams.get("cursor");
    const page = cursor === null ? { items: [{ id: "m1" }, { id: "m2" }], nextCursor: "c2" } : cursor === "c2" ? { items: [{ id: "m3" }], nextCursor: null } : null;
    return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(page));
  }
  if (u.pathname === "/api/v1/machines/gone") {
    return res.writeHead(404, { "content-type": "application/problem+json", "x-request-id": "req-1" })
      .end(JSON.stringify({ type: "about:blank", title: "Not found", status: 404, code: "not_found", detail: "Machine gone was not found.", requestId: "req-1" }));
  }
  if (u.pathname === "/api/v1/machines/bad") {
    return res.writeHead(422, { "content-type": "application/problem+json" })
      .end(JSON.stringify({ type: "about:blank", title: "Validation failed", status: 422, code: "validation_failed", errors: [{ field: "body.hostname", message: "must be a DNS label" }] }));
  }
  res.writeHead(502, { "content-type": "text/html", "x-request-id": "req-proxy" }).end("<html><body>Bad gateway</body></html>");
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("SDK client", () => {
  it("sends the token and follows nextCursor through every page", async () => {
    const api = createMetalClient({ baseUrl: `${url}/`, token: "mtk_secret" });
    const all = await listAll((cursor) => api.GET("/api/v1/machines", { params: { query: { cursor, limit: 2 } } }));
    expect(all.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    expect(seen.slice(-2)).toEqual([
      { authorization: "Bearer mtk_secret", path: "/api/v1/machines?limit=2" },
      { authorization: "Bearer mtk_secret", path: "/api/v1/machines?cursor=c2&limit=2" },
    ]);
    expect(await listAll((cursor) => api.GET("/api/v1/machines", { params: { query: { cursor } } }), 2)).toHaveLength(2);
  });

  it("turns problem documents into typed errors: status, code, detail, fields, request id", async () => {
    const api = createMetalClient({ baseUrl: url, token: "mtk_secret" });
    const gone = await unwrap(api.GET("/api/v1/machines/{id}", { params: { path: { id: "gone" } } })).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(MetalApiError);
    expect(gone).toMatchObject({ status: 404, code: "not_found", title: "Not found", detail: "Machine gone was not found.", requestId: "req-1", fields: [] });
    const bad = (await unwrap(api.GET("/api/v1/machines/{id}", { params: { path: { id: "bad" } } })).catch((e: unknown) => e)) as MetalApiError;
    expect(bad.fields).toEqual([{ field: "body.hostname", message: "must be a DNS label" }]);
    expect(bad.fieldErrors()).toEqual({ hostname: "must be a DNS label" });
  });

  it("still gives status, title and code when a proxy answers with HTML, without the page in the message", async () => {
    const api = createMetalClient({ baseUrl: url });
    const err = (await unwrap(api.GET("/api/v1/me")).catch((e: unknown) => e)) as MetalApiError;
    expect(err).toMatchObject({ status: 502, code: "http_502", title: "Bad Gateway", detail: undefined, requestId: "req-proxy" });
  });
});

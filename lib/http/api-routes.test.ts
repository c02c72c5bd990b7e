import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[id]/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as healthRoute from "@/app/api/v1/health/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { freshDatabase } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser } from "@/lib/test/fixtures";
import { createToken, revokeToken } from "@/lib/services/tokens";

/** Route handlers called as Next.js calls them: a Request plus a promise of params. */
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const url = (p: string) => `http://localhost:3000${p}`;
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);

describe("API routes through the route wrapper (bearer tokens, PGlite)", () => {
  let cleanup: () => Promise<void>;
  let ownerToken: string;
  let foreignToken: string;
  let acmeProjectId: string;
  let acmeId: string;

  beforeAll(async () => {
    ({ cleanup } = await freshDatabase("pglite"));
    const acme = await makeTenant("acme");
    const globex = await makeTenant("globex");
    acmeId = acme.id;
    acmeProjectId = (await makeProject(acme.id, "web")).id;
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    const other = await makeUser("owner@globex", ["globex-owners"]);
    ownerToken = (await createToken(owner, { description: "t", roles: [{ scope: "tenant", tenantId: acme.id, role: "owner" }], expiresAt: inAMonth() })).secret;
    foreignToken = (await createToken(other, { description: "t", roles: [{ scope: "tenant", tenantId: globex.id, role: "owner" }], expiresAt: inAMonth() })).secret;
  });
  afterAll(async () => cleanup?.());

  const auth = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

  it("answers every response with an X-Request-Id, echoing a well-formed incoming one", async () => {
    const res = await meRoute.GET(new Request(url("/api/v1/me"), { headers: auth(ownerToken, { "x-request-id": "trace-12345678" }) }), ctx());
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("trace-12345678");
    const bad = await meRoute.GET(new Request(url("/api/v1/me"), { headers: auth(ownerToken, { "x-request-id": "<script>" }) }), ctx());
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("401s unknown, malformed and revoked tokens with problem+json", async () => {
    for (const header of ["Bearer mtk_" + "x".repeat(43), "Basic abc", "Bearer"]) {
      const res = await meRoute.GET(new Request(url("/api/v1/me"), { headers: { authorization: header } }), ctx());
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("creates a project and writes nothing on bad input, naming each field", async () => {
    const post = (body: string, type = "application/json") =>
      projectsRoute.POST(new Request(url("/api/v1/projects"), { method: "POST", headers: auth(ownerToken, { "content-type": type }), body }), ctx());
    const ok = await post(JSON.stringify({ tenantId: acmeId, name: "api-made" }));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ name: "api-made", tenantName: "acme" });

    const invalid = await post(JSON.stringify({ tenantId: "", name: "X", extra: 1 }));
    expect(invalid.status).toBe(422);
    const fields = [...new Set((await invalid.json()).errors.map((e: { field: string }) => e.field))].sort();
    expect(fields).toEqual(["body", "body.name", "body.tenantId"]);
    expect((await post("{not json")).status).toBe(400);
    expect((await post("name=x", "application/x-www-form-urlencoded")).status).toBe(415);
    const big = await post(JSON.stringify({ tenantId: acmeId, name: "big", description: "x".repeat(1024 * 1024) }));
    expect(big.status).toBe(413);
    const list = await (await projectsRoute.GET(new Request(url("/api/v1/projects?limit=50"), { headers: auth(ownerToken) }), ctx())).json();
    expect(list.items.map((p: { name: string }) => p.name).sort()).toEqual(["api-made", "web"]);
  });

  it("answers 422 naming the field for a NUL or an unpaired surrogate in a body, a query or a path (the database would refuse them: a 500 before)", async () => {
    for (const description of ["a\u0000b", "x\uD800y", "\uDC00"]) {
      const res = await projectsRoute.POST(new Request(url("/api/v1/projects"), {
        method: "POST", headers: auth(ownerToken, { "content-type": "application/json" }), body: JSON.stringify({ tenantId: acmeId, name: "nul-test", description }),
      }), ctx());
      expect(res.status, JSON.stringify(description)).toBe(422);
      expect((await res.json()).errors.map((e: { field: string }) => e.field)).toEqual(["body.description"]);
    }
    const query = await projectsRoute.GET(new Request(url("/api/v1/projects?q=%00"), { headers: auth(ownerToken) }), ctx());
    expect(query.status).toBe(422);
    expect((await query.json()).errors[0].field).toBe("query.q");
    const param = await projectRoute.GET(new Request(url("/api/v1/projects/%00"), { headers: auth(ownerToken) }), ctx({ id: "\u0000" }));
    expect(param.status).toBe(422);
    expect((await param.json()).errors[0].field).toBe("params.id");
  });

  it("validates query parameters too", async () => {
    const res = await projectsRoute.GET(new Request(url("/api/v1/projects?limit=100000"), { headers: auth(ownerToken) }), ctx());
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].field).toBe("query.limit");
  });

  it("gives a foreign tenant's token a 404 for the project, and an empty list", async () => {
    const get = await projectRoute.GET(new Request(url(`/api/v1/projects/${acmeProjectId}`), { headers: auth(foreignToken) }), ctx({ id: acmeProjectId }));
    expect(get.status).toBe(404);
    const del = await projectRoute.DELETE(new Request(url(`/api/v1/projects/${acmeProjectId}`), { method: "DELETE", headers: auth(foreignToken) }), ctx({ id: acmeProjectId }));
    expect(del.status).toBe(404);
    const list = await (await projectsRoute.GET(new Request(url("/api/v1/projects"), { headers: auth(foreignToken) }), ctx())).json();
    expect(list.items).toEqual([]);
  });

  it("stops accepting a token the moment it is revoked", async () => {
    const user = await makeUser("temp@acme", ["acme-viewers"]);
    const t = await createToken(user, { description: "temp", roles: [{ scope: "tenant", tenantId: acmeId, role: "viewer" }], expiresAt: inAMonth() });
    const call = () => meRoute.GET(new Request(url("/api/v1/me"), { headers: auth(t.secret) }), ctx());
    expect((await call()).status).toBe(200);
    await revokeToken(user, t.id);
    expect((await call()).status).toBe(401);
  });

  it("reports database and queue health without authentication", async () => {
    const res = await healthRoute.GET(new Request(url("/api/v1/health")), ctx());
    const body = await res.json();
    expect(body.database).toMatchObject({ ok: true, engine: "pglite" });
    // No worker has installed the queue schema in this test database: reported, not hidden.
    expect(body.queue.ok).toBe(false);
    expect(res.status).toBe(503);
  });

  it("publishes an OpenAPI 3.1 document with every endpoint, each backed by a route file", async () => {
    const doc = await (await openapiRoute.GET(new Request(url("/api/v1/openapi.json")), ctx())).json();
    expect(doc.openapi).toBe("3.1.0");
    for (const def of Object.values(endpoints)) {
      expect(doc.paths[def.path]?.[def.method.toLowerCase()], `${def.method} ${def.path}`).toBeDefined();
      const file = path.join("app", def.path.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
      expect(fs.readFileSync(file, "utf8"), file).toContain(`export const ${def.method}`);
    }
    const create = doc.paths["/api/v1/projects"].post;
    expect(create.requestBody.content["application/json"].schema.required).toEqual(expect.arrayContaining(["tenantId", "name"]));
  });
});

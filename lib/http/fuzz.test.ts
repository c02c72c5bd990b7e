import { request } from "node:http";
import type { Server } from "node:http";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, type RouteModule, type RouteTable } from "@/lab/route-server";
import { endpoints } from "@/lib/contracts/endpoints";
import type { EndpointDef } from "@/lib/http/endpoint";
import { resetEnv } from "@/lib/env";
import { bootListenerMark, LISTENER_HEADER, PEER_HEADER, peerMark } from "@/lib/http/listener";
import { buildOpenApi } from "@/lib/http/openapi";
import { close, createListener, listen } from "@/lib/runtime/server";
import { createBootCredential } from "@/lib/services/machines/boot-credentials";
import { seedDemo } from "@/lib/services/seed";
import { createToken } from "@/lib/services/tokens";
import { computeUserGrants, findUser } from "@/lib/services/users";
import { getDb } from "@/lib/db/client";
import { freshDatabase } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { bodyFor, type JsonSchema, pathValue, queryValue } from "@/lib/test/openapi-fuzz";

/**
 * Issue 10 item 9: requests generated from the OpenAPI document for every operation — wrong
 * types, missing and unknown fields, huge strings, NUL and unpaired surrogates, deep nesting, bad
 * ids, bad query values — as an operator, a tenant owner, an agent, anonymous and with a bad
 * token. Every answer: never a 5xx, every error problem+json with a code, no stack and no SQL.
 * Route modules are called as Next.js calls them; path-decoding cases go through the real HTTP
 * listeners. The seed is fixed: the same requests every run (a failure is reproducible).
 */
const PER_OPERATION = 14;
const LEAKS = /\n\s+at \S|node_modules|\.ts:\d+:\d+|SELECT |INSERT INTO|UPDATE "|syntax error at|violates |duplicate key value|relation "|column "|ECONNREFUSED|TypeError|ReferenceError/;

type Operation = { def: EndpointDef; module: RouteModule; parameters: { name: string; in: "path" | "query"; schema: JsonSchema }[]; body?: JsonSchema };
type Answer = { status: number; type: string | null; text: string };

function check(what: string, a: Answer, health = false): void {
  // The health check's 503 ("degraded": no worker installed the queue here) is its documented
  // answer, and so is readiness's (not ready: no workers in this process, where they are expected).
  if (!(health && a.status === 503 && a.type === "application/json")) expect(a.status, `${what}: ${a.text.slice(0, 300)}`).toBeLessThan(500);
  else return;
  if (a.status >= 400) {
    expect(a.type, what).toBe("application/problem+json");
    const problem = JSON.parse(a.text) as { code?: unknown; status?: unknown };
    expect(typeof problem.code, what).toBe("string");
    expect(problem.status, what).toBe(a.status);
  }
  expect(LEAKS.test(a.text), `${what} leaks internals: ${a.text.slice(0, 300)}`).toBe(false);
}

describe("OpenAPI-driven fuzzing of every operation (PGlite)", () => {
  let cleanup: () => Promise<void>;
  let operations: Operation[];
  let tokens: { admin: string; tenant: string; agent: string };

  beforeAll(async () => {
    // Generous throttles: this test sends thousands of requests, many with bad credentials.
    resetEnv({ THROTTLE_FAILED_BEARER_PER_MINUTE: "1000000", THROTTLE_TOKEN_CREATE_PER_HOUR: "1000000", THROTTLE_BOOT_REGISTER_PER_MINUTE: "1000000" });
    ({ cleanup } = await freshDatabase("pglite"));
    await seedDemo();
    const db = await getDb();
    const expiresAt = new Date(Date.now() + 86_400_000);
    const admin = (await findUser(db, "admin@example.com"))!;
    const olivia = (await findUser(db, "olivia@acme.example"))!;
    tokens = {
      admin: (await createToken(operator, { description: "fuzz", roles: [{ scope: "admin", role: "editor" }], expiresAt }, { ownerId: admin.id })).secret,
      tenant: (await createToken(operator, { description: "fuzz", roles: await computeUserGrants(db, olivia), expiresAt }, { ownerId: olivia.id })).secret,
      agent: (await createBootCredential(operator, "lab", { description: "fuzz" })).secret,
    };
    const doc = buildOpenApi(Object.values(endpoints) as EndpointDef[], { title: "fuzz", version: "1" }) as { paths: Record<string, Record<string, { parameters: Operation["parameters"]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> };
    operations = await Promise.all(Object.values(endpoints).map(async (def: EndpointDef) => {
      const file = path.resolve("app", def.path.replace(/^\//, "").replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
      const module = (await import(/* @vite-ignore */ file)) as RouteModule;
      const op = doc.paths[def.path][def.method.toLowerCase()];
      return { def, module, parameters: op.parameters, body: op.requestBody?.content["application/json"].schema };
    }));
  }, 120_000);
  afterAll(async () => {
    resetEnv();
    await cleanup?.();
  });

  function requestsFor(op: Operation, seed: number) {
    const pathParams = op.parameters.filter((p) => p.in === "path");
    const queryParams = op.parameters.filter((p) => p.in === "query");
    const arb = fc.record({
      params: fc.tuple(...pathParams.map(() => pathValue)),
      query: fc.tuple(...queryParams.map((p) => fc.option(queryValue(p.schema), { nil: undefined }))),
      body: op.body ? fc.oneof(bodyFor(op.body), bodyFor(op.body), bodyFor(op.body), fc.constant("raw:{not json"), fc.constant("raw:")) : fc.constant(undefined),
      who: fc.constantFrom("admin", "tenant", "tenant", "admin", "none", "bad"),
    });
    return fc.sample(arb, { numRuns: PER_OPERATION, seed });
  }

  async function send(op: Operation, r: ReturnType<typeof requestsFor>[number]): Promise<Answer> {
    const params = Object.fromEntries(op.parameters.filter((p) => p.in === "path").map((p, i) => [p.name, r.params[i]]));
    // A URL cannot carry an unpaired surrogate; the handler still gets the raw value as its param.
    const encode = (v: string) => encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
    let url = op.def.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(params[name]));
    const query = new URLSearchParams();
    op.parameters.filter((p) => p.in === "query").forEach((p, i) => r.query[i] !== undefined && query.set(p.name, r.query[i]!));
    if ([...query].length) url += `?${query}`;
    const agent = op.def.auth === "agent";
    // Anonymous calls of session endpoints go through Auth.js, which needs Next's request scope:
    // they are sent with a bad token here (e2e/security.spec.ts sends anonymous ones to the real server).
    const who = r.who === "none" && op.def.auth === "user" ? "bad" : r.who;
    const bearer = who === "none" ? null : who === "bad" ? `mtk_${"z".repeat(43)}` : agent ? tokens.agent : tokens[who as "admin" | "tenant"];
    const headers: Record<string, string> = { [PEER_HEADER]: peerMark("192.0.2.10") };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (agent || op.def.path.startsWith("/api/boot")) headers[LISTENER_HEADER] = bootListenerMark();
    let body: string | undefined;
    if (r.body !== undefined) {
      headers["content-type"] = "application/json";
      body = typeof r.body === "string" && r.body.startsWith("raw:") ? r.body.slice(4) : JSON.stringify(r.body);
    }
    const res = await op.module[op.def.method]!(new Request(`http://localhost:3000${url}`, { method: op.def.method, headers, body }), { params: Promise.resolve(params) });
    const type = res.headers.get("content-type");
    if (type?.startsWith("text/event-stream")) {
      await res.body?.cancel();
      return { status: res.status, type, text: "" };
    }
    return { status: res.status, type: type?.split(";")[0] ?? null, text: await res.text() };
  }

  it("never answers 5xx, always problem+json with a code, never a stack or SQL (every operation, every caller)", async () => {
    const started = Date.now();
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const [i, op] of operations.entries()) {
      for (const r of requestsFor(op, 1000 + i)) {
        const a = await send(op, r);
        check(`${op.def.method} ${op.def.path} as ${r.who} ${JSON.stringify(r).slice(0, 200)}`, a, op.def.path === "/api/v1/health" || op.def.path === "/api/v1/health/ready");
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        sent++;
      }
    }
    console.log(`fuzz: ${sent} requests over ${operations.length} operations in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(sent).toBe(operations.length * PER_OPERATION);
  }, 60_000);

  describe("through the real HTTP listeners", () => {
    let publicServer: Server;
    let bootServer: Server;
    const ports = { public: 0, boot: 0 };

    beforeAll(async () => {
      const table: RouteTable = operations.map((op) => [op.def.path.replace(/\{(\w+)\}/g, "[$1]"), op.module]);
      const handler = (req: Parameters<typeof dispatch>[1], res: Parameters<typeof dispatch>[2]) => dispatch(table, req, res, { markBoot: false });
      publicServer = createListener("public", handler);
      bootServer = createListener("boot", handler);
      ports.public = await listen(publicServer, 0, "127.0.0.1");
      ports.boot = await listen(bootServer, 0, "127.0.0.1");
    });
    afterAll(async () => {
      await close(publicServer);
      await close(bootServer);
    });

    function raw(port: number, method: string, target: string, token: string): Promise<Answer> {
      return new Promise((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, method, path: target, headers: { authorization: `Bearer ${token}` } }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"]?.split(";")[0] ?? null, text }));
        });
        req.on("error", reject);
        req.end();
      });
    }

    it("answers bad percent-encoding, encoded NUL and dot segments in every path with a 4xx problem+json", async () => {
      let sent = 0;
      const withParams = operations.filter((op) => op.def.path.includes("{"));
      for (const op of withParams) {
        const boot = op.def.path.startsWith("/api/boot");
        for (const bad of ["%ff", "%E2%82", "%00", "%2e%2e", "%zz", "a%2Fb", "%25"]) {
          const target = op.def.path.replace(/\{\w+\}/g, bad);
          const a = await raw(boot ? ports.boot : ports.public, op.def.method === "GET" ? "GET" : op.def.method, target, boot ? tokens.agent : tokens.admin);
          check(`${op.def.method} ${target}`, a);
          expect(a.status, target).toBeGreaterThanOrEqual(400);
          sent++;
        }
      }
      expect(sent).toBe(withParams.length * 7);
      expect(withParams.length).toBeGreaterThan(30);
    });
  });
});

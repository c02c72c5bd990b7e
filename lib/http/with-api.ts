import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { type AgentPrincipal, authenticate, authenticateAgent } from "@/lib/auth/authenticate";
import type { Actor, Principal } from "@/lib/auth/principal";
import { readJsonBody } from "./body";
import { isBootPath } from "./boot-paths";
import type { EndpointDef } from "./endpoint";
import { NotFoundError, UnauthorizedError } from "./errors";
import { arrivedOnBootListener } from "./listener";
import { problemResponse, retryAfter, toProblem, validationErrorFrom } from "./problem";
import { errFields, log } from "@/lib/log";
import { observeRequest } from "@/lib/metrics/registry";

type Infer<T> = T extends z.ZodType ? z.infer<T> : never;

export type ApiContext<D extends EndpointDef> = {
  req: Request;
  requestId: string;
  params: Infer<D["params"]>;
  query: Infer<D["query"]>;
  body: Infer<D["body"]>;
  principal: Principal;
  actor: Actor;
  /** The calling machine agent; set on auth "agent" endpoints only (principal is null there). */
  agent: AgentPrincipal;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

function parseWith<S extends z.ZodType>(schema: S | undefined, value: unknown, prefix: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw validationErrorFrom(r.error, prefix);
  return r.data;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** Who called, for the request log: ids only, never names, e-mails or secrets. */
function actorId(principal: Principal | null, agent: AgentPrincipal | null): string | undefined {
  if (principal) return principal.tokenId ? `token:${principal.tokenId}` : principal.userId ? `user:${principal.userId}` : `system:${principal.name}`;
  if (agent) return agent.machineId ? `machine:${agent.machineId}` : `boot-credential:${agent.bootCredentialId ?? agent.partitionId}`;
  return undefined;
}

type Caller = { principal: Principal | null; agent: AgentPrincipal | null };

/**
 * The one route wrapper: request id, authentication, zod parsing of params/query/body,
 * problem+json for every error, and no internals in any 500. Every request ends in one
 * structured log line (request id = X-Request-Id, route template, status, duration, actor id)
 * and in the request metrics; a streamed response counts when its headers go out.
 */
export function withApi<D extends EndpointDef>(def: D, handler: (ctx: ApiContext<D>) => Promise<unknown>) {
  const answer = answerWith(def, handler);
  return async (req: Request, route: RouteContext): Promise<Response> => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const caller: Caller = { principal: null, agent: null };
    const response = await answer(req, route, requestId, caller);
    const seconds = (performance.now() - started) / 1000;
    observeRequest(def.path, def.method, response.status, seconds);
    const line = { requestId, method: def.method, route: def.path, status: response.status, durationMs: Math.round(seconds * 10_000) / 10, actor: actorId(caller.principal, caller.agent) };
    if (response.status >= 500) log("http").warn(line, "request failed");
    else log("http").info(line, "request");
    return response;
  };
}

function answerWith<D extends EndpointDef>(def: D, handler: (ctx: ApiContext<D>) => Promise<unknown>) {
  const bootOnly = isBootPath(def.path);
  return async (req: Request, route: RouteContext, requestId: string, caller: Caller): Promise<Response> => {
    const headers = { "x-request-id": requestId, "cache-control": "no-store" };
    const url = new URL(req.url);
    try {
      // Agent endpoints exist only on the boot listener; anywhere else they are not there at all.
      if (bootOnly && !arrivedOnBootListener(req)) throw new NotFoundError("API endpoint", url.pathname);
      const agent = def.auth === "agent" ? await authenticateAgent(req) : null;
      caller.agent = agent;
      const principal = def.auth === "agent" ? null : await authenticate(req, def.auth);
      caller.principal = principal;
      if (def.auth !== "none" && !principal && !agent) throw new UnauthorizedError();
      const params = parseWith(def.params, await route.params, "params");
      const query = parseWith(def.query, queryObject(url), "query");
      const body = def.body ? parseWith(def.body, await readJsonBody(req), "body") : undefined;
      const ctx = { req, requestId, params, query, body, principal: principal as Principal, actor: { principal: principal as Principal, requestId }, agent };
      const result = await handler(ctx as ApiContext<D>);
      if (result instanceof Response) {
        // A handler's own caching header stands (event streams need no-transform).
        for (const [k, v] of Object.entries(headers)) if (k !== "cache-control" || !result.headers.has(k)) result.headers.set(k, v);
        return result;
      }
      const status = def.status ?? 200;
      if (status === 204) return new Response(null, { status, headers });
      return Response.json(result, { status, headers });
    } catch (err) {
      const problem = toProblem(err, requestId, url.pathname);
      // An outage is expected and has no stack worth logging; anything else is a bug to look at.
      if (problem.code === "database_unavailable") log("http").warn({ requestId, route: def.path, ...errFields(err) }, "database unavailable");
      else if (problem.status >= 500) log("http").error({ requestId, route: def.path, err }, "request failed with an unexpected error");
      const retry = retryAfter(err);
      return problemResponse(problem, retry ? { ...headers, "retry-after": String(retry) } : headers);
    }
  };
}

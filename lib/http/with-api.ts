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

/**
 * The one route wrapper: request id, authentication, zod parsing of params/query/body,
 * problem+json for every error, and no internals in any 500.
 */
export function withApi<D extends EndpointDef>(def: D, handler: (ctx: ApiContext<D>) => Promise<unknown>) {
  const bootOnly = isBootPath(def.path);
  return async (req: Request, route: RouteContext): Promise<Response> => {
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const headers = { "x-request-id": requestId, "cache-control": "no-store" };
    const url = new URL(req.url);
    try {
      // Agent endpoints exist only on the boot listener; anywhere else they are not there at all.
      if (bootOnly && !arrivedOnBootListener(req)) throw new NotFoundError("API endpoint", url.pathname);
      const agent = def.auth === "agent" ? await authenticateAgent(req) : null;
      const principal = def.auth === "agent" ? null : await authenticate(req, def.auth);
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
      if (problem.status >= 500) console.error(`[${requestId}] ${def.method} ${def.path} failed:`, err);
      const retry = retryAfter(err);
      return problemResponse(problem, retry ? { ...headers, "retry-after": String(retry) } : headers);
    }
  };
}

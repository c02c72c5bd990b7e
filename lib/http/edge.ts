import { randomUUID } from "node:crypto";
import { endpoints } from "@/lib/contracts/endpoints";
import { canonicalPath, decodePathFully, isBootPathCanonical } from "./boot-paths";
import { AppError, BadRequestError, NotFoundError } from "./errors";
import { toProblem } from "./problem";

/**
 * What the server answers itself, before Next.js sees a request (lib/runtime/server.ts): the
 * cases Next would answer with a bare 500, an empty 405 or an HTML page, and the separation of
 * the two listeners. Pure: (method, raw request target, listener) → an answer or null (pass on).
 *
 * - TRACE, TRACK, CONNECT: 405 with Allow (nothing here is meant to echo requests or tunnel).
 * - A path that is not valid percent-encoding: 400 `malformed_path` (Next.js fails inside).
 * - Boot paths (boot-paths.ts) on the public listener, and anything else on the boot listener: 404.
 * - A method a known API route does not implement: 405 with Allow, as problem+json.
 */
export type Listener = "public" | "boot";
export type EdgeAnswer = { status: number; headers: Record<string, string>; body: string };

const REFUSED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);
const SERVED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

class MethodNotAllowedError extends AppError {
  constructor(method: string, allow: string) {
    super(405, "method_not_allowed", "Method not allowed", `${method} is not allowed here; allowed: ${allow}.`, { allow });
  }
}

/**
 * Route files that are not /api/v1 or /api/boot endpoints, with their methods; the endpoint
 * definitions cover the rest. edge.test.ts checks this table against the app directory.
 */
export const OTHER_ROUTES: Record<string, string[]> = {
  "/api/auth/{...nextauth}": ["GET", "POST"],
  "/api/images/{id}/img.tar.lz4": ["GET"],
  "/api/boot/kernel": ["GET"],
  "/api/boot/initrd": ["GET"],
};

type Route = { segments: string[]; methods: Set<string> };

function routeTable(): Route[] {
  const byPath = new Map<string, Set<string>>();
  for (const def of Object.values(endpoints)) {
    byPath.set(def.path, (byPath.get(def.path) ?? new Set()).add(def.method));
  }
  for (const [path, methods] of Object.entries(OTHER_ROUTES)) byPath.set(path, new Set(methods));
  return [...byPath].map(([path, methods]) => ({ segments: path.split("/").filter(Boolean), methods }));
}

let table: Route[] | null = null;

/** How well a route matches: null when it does not; else a rank (static segments outrank parameters, as in Next.js). */
function matchRank(route: Route, segments: string[]): number[] | null {
  const rank: number[] = [];
  for (let i = 0; i < route.segments.length; i++) {
    const want = route.segments[i];
    if (want.startsWith("{...")) return segments.length > i ? [...rank, 0] : null;
    if (i >= segments.length) return null;
    if (want.startsWith("{")) rank.push(1);
    else if (want === segments[i]) rank.push(2);
    else return null;
  }
  return segments.length === route.segments.length ? rank : null;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The methods the route serving `path` (decoded once, as Next.js routes) implements; null when no known route serves it. */
export function allowedMethods(path: string): string[] | null {
  table ??= routeTable();
  const segments = path.split("/").filter(Boolean);
  let best: { route: Route; rank: number[] } | null = null;
  for (const route of table) {
    const rank = matchRank(route, segments);
    if (rank && (!best || compareRanks(rank, best.rank) > 0)) best = { route, rank };
  }
  if (!best) return null;
  const methods = new Set(best.route.methods);
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return [...methods];
}

function answer(err: AppError, path: string, extra: Record<string, string> = {}): EdgeAnswer {
  const requestId = randomUUID();
  return {
    status: err.status,
    headers: { "content-type": "application/problem+json", "x-request-id": requestId, "cache-control": "no-store", ...extra },
    body: JSON.stringify(toProblem(err, requestId, path)),
  };
}

/** The path of a request target ("/p?q", or absolute-form "http://h/p?q"), undecoded. */
function rawPathOf(target: string): string {
  const withoutQuery = target.split(/[?#]/, 1)[0];
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(withoutQuery);
  return absolute ? (absolute[1] ?? "/") : withoutQuery || "/";
}

export function edgeAnswer(method: string, target: string, listener: Listener): EdgeAnswer | null {
  const rawPath = rawPathOf(target);
  const shownPath = rawPath.slice(0, 200);
  if (REFUSED_METHODS.has(method.toUpperCase())) {
    return answer(new MethodNotAllowedError(method.toUpperCase(), SERVED_METHODS), shownPath, { allow: SERVED_METHODS });
  }
  const decoded = decodePathFully(rawPath);
  if (decoded === null) return answer(new BadRequestError("The request path is not valid percent-encoded UTF-8.", "malformed_path"), shownPath);
  const boot = isBootPathCanonical(canonicalPath(decoded));
  if (boot !== (listener === "boot")) return answer(new NotFoundError("Path", shownPath.length > 100 ? `${shownPath.slice(0, 100)}…` : shownPath), shownPath);
  let once: string;
  try {
    once = decodeURIComponent(rawPath);
  } catch {
    return answer(new BadRequestError("The request path is not valid percent-encoded UTF-8.", "malformed_path"), shownPath);
  }
  const allow = allowedMethods(once);
  if (allow && !allow.includes(method.toUpperCase())) {
    const list = allow.join(", ");
    return answer(new MethodNotAllowedError(method.toUpperCase(), list), shownPath, { allow: list });
  }
  return null;
}

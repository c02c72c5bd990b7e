import createClient, { type Client, type Middleware } from "openapi-fetch";
import { MetalApiError } from "./errors";
import type { paths } from "./generated/schema";

export type MetalClient = Client<paths>;

export type MetalClientOptions = {
  /** The app's URL, e.g. https://metal.example.com; "" in the browser (same origin). */
  baseUrl: string;
  /** An API token (mtk_…); without one the browser's session cookie is used. */
  token?: string;
  /** Sent as User-Agent / X-Client so the server's logs name the caller. */
  userAgent?: string;
  fetch?: (input: Request) => Promise<Response>;
};

/**
 * A typed client for the JSON API (openapi-fetch over the generated `paths`): every call
 * returns `{ data, error, response }` with the types of the OpenAPI document. Wrap a call in
 * `unwrap()` to get the data or a thrown MetalApiError.
 */
export function createMetalClient(options: MetalClientOptions): MetalClient {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.userAgent) headers["user-agent"] = options.userAgent;
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers,
    credentials: options.token ? "omit" : "same-origin",
    fetch: options.fetch,
  });
  return client;
}

/** The data of a call, or its problem document thrown as a MetalApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw MetalApiError.fromResponse(response, error);
  return data as T;
}

type PageOf<T> = { items: T[]; nextCursor: string | null };

/**
 * Follows `nextCursor` until the last page (or `max` items), for list endpoints.
 * `page(cursor)` performs one call, e.g. (cursor) => client.GET("/api/v1/machines", { params: { query: { cursor, limit: 500 } } }).
 */
export async function listAll<T>(page: (cursor: string | undefined) => Promise<{ data?: PageOf<T>; error?: unknown; response: Response }>, max = Infinity): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await unwrap(page(cursor));
    out.push(...p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out.slice(0, max);
}

export type { Middleware };

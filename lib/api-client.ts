import { createMetalClient, MetalApiError, unwrap } from "@/sdk";

/**
 * The portal's API access. `api` is the generated SDK (typed paths, params, bodies and answers)
 * over the session cookie; wrap calls in `unwrap()` to get the data or a thrown ApiError.
 * `apiFetch` remains for calls not yet moved to the SDK.
 */
export const api = createMetalClient({ baseUrl: "" });
export { unwrap };

/** A failed API call with the server's problem document (status, code, detail, field errors). */
export { MetalApiError as ApiError };

/** Browser-side JSON API calls with the session cookie; errors become ApiError. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw MetalApiError.fromResponse(res, data);
  return data as T;
}

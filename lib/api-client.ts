import type { Problem } from "@/lib/http/problem";

/** A failed API call, carrying the server's problem document (code, detail, field errors). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Partial<Problem>) {
    super(problem.detail ?? problem.title ?? `Request failed with ${status}`);
  }

  /** Field → message, for showing server-side validation next to the inputs. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.field.replace(/^body\./, "")] = e.message;
    return out;
  }
}

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
  if (!res.ok) throw new ApiError(res.status, data as Partial<Problem>);
  return data as T;
}

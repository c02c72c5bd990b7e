import type { IncomingMessage, ServerResponse } from "node:http";

/** HTTP plumbing of the lab Redfish BMC: JSON answers, Redfish error bodies, request bodies, fault injection. */

export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
    "odata-version": "4.0",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** A Redfish error body (DSP0266 §9.5.2.1) with one Base registry message. */
export function redfishError(messageId: string, message: string) {
  return {
    error: {
      code: `Base.1.16.0.${messageId}`,
      message: "A general error has occurred. See ExtendedInfo for more information.",
      "@Message.ExtendedInfo": [{ "@odata.type": "#Message.v1_1_1.Message", MessageId: `Base.1.16.0.${messageId}`, Message: message, Severity: "Warning" }],
    },
  };
}

export function sendError(res: ServerResponse, status: number, messageId: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, redfishError(messageId, message), headers);
}

const maxBody = 64 * 1024;

/** The JSON request body; undefined when absent, a string describing the problem when unusable. */
export async function readJsonBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) return { ok: false, error: "request body too large" };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: "request body is not JSON" };
  }
}

/**
 * Faults for tests, each for the next `count` requests (optionally only those whose path starts
 * with `path`): "busy" answers 503 with Retry-After, "garbage" a 200 that is not JSON, "hang"
 * never answers (until stop), "drop" closes the connection without an answer, "echo" a 400
 * whose message repeats the request's session token (a careless BMC; the driver must not pass
 * it on), "echo-body" a 400 whose message repeats the request body, "lost-answer" carries the
 * request out and then closes the connection instead of answering (a reset the BMC did, whose
 * answer never arrived).
 */
export type FaultKind = "busy" | "garbage" | "hang" | "drop" | "echo" | "echo-body" | "lost-answer";
type Fault = { kind: FaultKind; remaining: number; path?: string; method?: string };

export class Faults {
  private readonly queue: Fault[] = [];

  /** The next `count` requests (default 1) under `path`, of `method` when given, get this fault. */
  inject(kind: FaultKind, o: { count?: number; path?: string; method?: string } = {}): void {
    this.queue.push({ kind, remaining: o.count ?? 1, path: o.path, method: o.method });
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Faults not yet carried out (0 once every injected fault has hit a request). */
  get pending(): number {
    return this.queue.reduce((n, f) => n + f.remaining, 0);
  }

  /** Takes the fault for this request, if one applies. */
  take(path: string, method = "GET"): FaultKind | null {
    const fault = this.queue.find((f) => (!f.path || path.startsWith(f.path)) && (!f.method || f.method === method));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(this.queue.indexOf(fault), 1);
    return fault.kind;
  }
}

/** Carries out a fault ("lost-answer": see loseAnswer); "hang" leaves the request open (the server closes it on stop). */
export function applyFault(kind: FaultKind, req: IncomingMessage, res: ServerResponse): void {
  if (kind === "busy") return sendError(res, 503, "ServiceTemporarilyUnavailable", "The service is temporarily unavailable.", { "retry-after": "1" });
  if (kind === "garbage") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("<html><body>502 Bad Gateway</body></html>");
    return;
  }
  if (kind === "echo") return sendError(res, 400, "GeneralError", `Request refused for session token ${String(req.headers["x-auth-token"])}.`);
  if (kind === "echo-body") {
    void readJsonBody(req).then((body) => sendError(res, 400, "GeneralError", `Request refused: ${JSON.stringify(body.ok ? body.value : null)}.`));
    return;
  }
  if (kind === "drop") res.socket?.destroy();
}

/** "lost-answer": the request is handled as usual, but its answer is dropped with the connection. */
export function loseAnswer(res: ServerResponse): void {
  res.end = ((..._args: unknown[]) => {
    res.socket?.destroy();
    return res;
  }) as ServerResponse["end"];
}

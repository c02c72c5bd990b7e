import { randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Which listener a request arrived on, told to the route handlers by the server itself
 * (lib/runtime/server.ts): it deletes this header from every incoming request and, on the boot
 * listener only, sets it to a secret that never leaves the process. Boot endpoints refuse
 * requests without it (defence in depth behind the public listener's own 404): a public port
 * served by anything else (`next start`, a proxy that forwards the header) reaches no agent
 * endpoint.
 */
export const LISTENER_HEADER = "x-metal-listener";

const g = globalThis as unknown as { __metalBootListenerSecret?: string };

function secret(): string {
  g.__metalBootListenerSecret ??= randomBytes(32).toString("base64url");
  return g.__metalBootListenerSecret;
}

/** For the server (and test harnesses that play the boot listener): the header value of a boot request. */
export function bootListenerMark(): string {
  return secret();
}

/** Node's incoming headers, cleaned of any client-sent mark and marked when `boot`. */
export function markArrival(headers: Record<string, string | string[] | undefined>, rawHeaders: string[], listener: "public" | "boot"): void {
  delete headers[LISTENER_HEADER];
  for (let i = rawHeaders.length - 2; i >= 0; i -= 2) {
    if (rawHeaders[i].toLowerCase() === LISTENER_HEADER) rawHeaders.splice(i, 2);
  }
  if (listener === "boot") {
    headers[LISTENER_HEADER] = secret();
    rawHeaders.push(LISTENER_HEADER, secret());
  }
}

/** True only for a request the boot listener marked (constant-time comparison). */
export function arrivedOnBootListener(req: Request): boolean {
  const mark = req.headers.get(LISTENER_HEADER);
  const expected = g.__metalBootListenerSecret;
  if (!mark || !expected) return false;
  const a = Buffer.from(mark);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Which listener a request arrived on, told to the route handlers by the server itself
 * (lib/runtime/server.ts): it deletes this header from every incoming request and, on the boot
 * listener only, sets it to a secret that never leaves the process. Boot endpoints refuse
 * requests without it (defence in depth behind the public listener's own 404): a public port
 * served by anything else (`next start`, a proxy that forwards the header) reaches no agent
 * endpoint.
 */
export const LISTENER_HEADER = "x-metal-listener";
/** The client's address as the server saw it (the TCP peer), set on both listeners after deleting any incoming one. */
export const PEER_HEADER = "x-metal-peer";

const g = globalThis as unknown as { __metalBootListenerSecret?: string };

function secret(): string {
  g.__metalBootListenerSecret ??= randomBytes(32).toString("base64url");
  return g.__metalBootListenerSecret;
}

/** For the server (and test harnesses that play the boot listener): the header value of a boot request. */
export function bootListenerMark(): string {
  return secret();
}

/**
 * Node's incoming headers, cleaned of any client-sent mark or peer and marked: the peer address
 * on every request, the boot mark on the boot listener's.
 */
export function markArrival(headers: Record<string, string | string[] | undefined>, rawHeaders: string[], listener: "public" | "boot", peer: string | undefined): void {
  for (const name of [LISTENER_HEADER, PEER_HEADER]) delete headers[name];
  for (let i = rawHeaders.length - 2; i >= 0; i -= 2) {
    const name = rawHeaders[i].toLowerCase();
    if (name === LISTENER_HEADER || name === PEER_HEADER) rawHeaders.splice(i, 2);
  }
  const set = (name: string, value: string) => {
    headers[name] = value;
    rawHeaders.push(name, value);
  };
  if (peer) set(PEER_HEADER, `${peer}|${peerSeal(peer)}`);
  if (listener === "boot") set(LISTENER_HEADER, secret());
}

/** The peer header carries a keyed digest, so a client cannot name its own address when no server strips the header. */
function peerSeal(peer: string): string {
  return createHmac("sha256", secret()).update(peer).digest("base64url").slice(0, 22);
}

/** The header value a test harness (or the server) puts on a request from `peer`. */
export function peerMark(peer: string): string {
  return `${peer}|${peerSeal(peer)}`;
}

/**
 * The client's address as our server saw it ("::ffff:" prefixes of IPv4 removed), or null when
 * the request did not come through it. This is the address throttling counts by and bootNetworks
 * checks; behind a reverse proxy it is the proxy's.
 */
export function clientAddress(req: Request): string | null {
  const value = req.headers.get(PEER_HEADER);
  if (!value || !g.__metalBootListenerSecret) return null;
  const i = value.lastIndexOf("|");
  const peer = value.slice(0, i);
  const a = Buffer.from(value.slice(i + 1));
  const b = Buffer.from(peerSeal(peer));
  if (i < 0 || a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return peer.startsWith("::ffff:") && peer.includes(".") ? peer.slice(7) : peer;
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

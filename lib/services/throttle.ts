import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { type Db, getDb } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { TooManyRequestsError } from "@/lib/http/errors";

/**
 * Throttling (issue 10 item 7) with rate-limiter-flexible's Drizzle store: the counters live in
 * the rate_limits table of the app's own database (PGlite or PostgreSQL, one atomic
 * INSERT … ON CONFLICT per hit), so every web replica counts against the same limits and
 * nothing is kept in process memory. Limits come from lib/env.ts (THROTTLE_*).
 *
 * - failedBearer: failed bearer authentications per client address (checked before a token is
 *   looked up, counted when it fails);
 * - tokenCreate: API tokens created per user;
 * - signIn: OIDC sign-in callbacks per client address;
 * - bootRegister: machine registrations per source address.
 */
export type ThrottleKind = "failedBearer" | "tokenCreate" | "signIn" | "bootRegister";

const what: Record<ThrottleKind, string> = {
  failedBearer: "Too many failed authentications from this address",
  tokenCreate: "Too many API tokens created",
  signIn: "Too many sign-ins from this address",
  bootRegister: "Too many machine registrations from this address",
};

const limiters = new WeakMap<Db, Map<ThrottleKind, RateLimiterDrizzle>>();

async function limiter(kind: ThrottleKind): Promise<RateLimiterDrizzle> {
  const db = await getDb();
  let byKind = limiters.get(db);
  if (!byKind) limiters.set(db, (byKind = new Map()));
  let l = byKind.get(kind);
  if (!l) {
    const { points, seconds } = getEnv().throttle[kind];
    l = new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: kind, points, duration: seconds });
    byKind.set(kind, l);
  }
  return l;
}

function tooMany(kind: ThrottleKind, res: RateLimiterRes): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new TooManyRequestsError(`${what[kind]}: try again in ${seconds} s.`, seconds);
}

/** Counts one hit against `key`; throws 429 (with Retry-After) once the limit is used up. */
export async function consumeOrThrow(kind: ThrottleKind, key: string): Promise<void> {
  try {
    await (await limiter(kind)).consume(key);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw tooMany(kind, err);
    throw err;
  }
}

/** Throws 429 when `key` has used up its limit, without counting (e.g. before checking a bearer token). */
export async function assertNotThrottled(kind: ThrottleKind, key: string): Promise<void> {
  const l = await limiter(kind);
  const res = await l.get(key);
  if (res && res.consumedPoints >= l.points) throw tooMany(kind, res);
}

/**
 * For a caller that reads the counter inside its own statement (the bearer-token lookup reads it
 * together with the token: one round trip): the stored key and the limit.
 */
export async function throttleGate(kind: ThrottleKind, key: string): Promise<{ kind: ThrottleKind; storedKey: string; points: number }> {
  const l = await limiter(kind);
  return { kind, storedKey: l.getKey(key), points: l.points };
}

/** The check of assertNotThrottled over a counter row read elsewhere (unexpired, or null). */
export function assertGateOpen(gate: { kind: ThrottleKind; points: number }, row: { points: number; expire: Date | null } | null): void {
  if (!row || row.points < gate.points) return;
  const msBeforeNext = row.expire ? Math.max(row.expire.getTime() - Date.now(), 0) : 0;
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  throw new TooManyRequestsError(`${what[gate.kind]}: try again in ${seconds} s.`, seconds);
}

/** Counts a failure against `key` (the caller answers the failure itself; a full count shows on the next attempt). */
export async function recordThrottled(kind: ThrottleKind, key: string): Promise<void> {
  try {
    await (await limiter(kind)).consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
  }
}

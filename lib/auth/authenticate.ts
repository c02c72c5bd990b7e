import type { AuthMode } from "@/lib/http/endpoint";
import { ForbiddenError, UnauthorizedError } from "@/lib/http/errors";
import { clientAddress } from "@/lib/http/listener";
import { assertNotThrottled, recordThrottled, throttleGate } from "@/lib/services/throttle";
import { type AgentPrincipal, authenticateAgentCredential } from "@/lib/services/machines/agent-auth";
import { authenticateToken } from "@/lib/services/tokens";
import { principalForUser } from "@/lib/services/users";
import type { Principal } from "./principal";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function bearerOf(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new UnauthorizedError("The Authorization header must be 'Bearer <token>'.", "invalid_token");
  return m[1];
}

/**
 * Cookie sessions are ambient credentials: a state-changing request riding on one must come
 * from our own origin (browsers always send Origin on cross-site POST/PATCH/DELETE).
 */
function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (origin) {
    // "null" (sandboxed or privacy-redirected documents) and junk are not our origin either: 403, never a 500.
    if (originHost(origin) !== host) throw new ForbiddenError("Cross-site requests with a session cookie are refused.");
  } else if (site && site !== "same-origin" && site !== "none") {
    throw new ForbiddenError("Cross-site requests with a session cookie are refused.");
  }
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

async function sessionPrincipal(): Promise<Principal | null> {
  // Loaded lazily: only requests without a bearer token need next-auth.
  const { auth } = await import("./next-auth");
  const session = await auth();
  const userId = (session?.user as { id?: string } | undefined)?.id;
  return userId ? principalForUser(userId) : null;
}

export type { AgentPrincipal };

type Gate = Awaited<ReturnType<typeof throttleGate>>;

/**
 * A bearer check under the failed-authentication throttle of the client's address: refused with
 * 429 while the address has used up its failures, and every failure (malformed header, unknown
 * secret) counted. A check that takes the gate reads the counter in its own statement (the token
 * lookup: one round trip per request); when it refuses before reading it (a malformed header or
 * secret), the counter is checked here before the failure is counted, as for the others.
 */
async function throttledBearer<T>(req: Request, check: (bearer: string, gate: Gate) => Promise<T | null>, refusal: () => UnauthorizedError, fused = false): Promise<T | "none"> {
  const key = clientAddress(req) ?? "unknown";
  if (!fused) await assertNotThrottled("failedBearer", key);
  try {
    const bearer = bearerOf(req);
    if (bearer === null) return "none";
    const found = await check(bearer, await throttleGate("failedBearer", key));
    if (!found) throw refusal();
    return found;
  } catch (err) {
    if (err instanceof UnauthorizedError) {
      if (fused) await assertNotThrottled("failedBearer", key);
      await recordThrottled("failedBearer", key);
    }
    throw err;
  }
}

export async function authenticate(req: Request, mode: AuthMode): Promise<Principal | null> {
  if (mode === "none") return null;
  if (mode === "agent") throw new Error("agent endpoints authenticate with authenticateAgent, never as a user");
  if (req.headers.has("authorization")) {
    const principal = await throttledBearer(req, authenticateToken, () => new UnauthorizedError("The API token is unknown, expired or revoked.", "invalid_token"), true);
    if (principal !== "none") return principal;
  }
  if (mode === "token") throw new UnauthorizedError("This endpoint needs an API token (Authorization: Bearer …).");
  const principal = await sessionPrincipal();
  if (!principal) throw new UnauthorizedError("Log in, or send an API token as 'Authorization: Bearer …'.");
  assertSameOrigin(req);
  return principal;
}

/**
 * Machine agents: a partition boot credential (mbc_…) or a machine credential (mmc_…) as a
 * bearer token. No session cookie and no user API token is accepted, and agent credentials are
 * never accepted by authenticate(): the two worlds do not mix.
 */
export async function authenticateAgent(req: Request): Promise<AgentPrincipal> {
  const agent = await throttledBearer(req, authenticateAgentCredential, () => new UnauthorizedError("The agent credential is unknown or revoked (user API tokens are not accepted here).", "invalid_token"));
  if (agent === "none") {
    throw new UnauthorizedError("Agents send 'Authorization: Bearer <credential>': the partition boot credential (mbc_…), their machine credential (mmc_…) or their switch credential (msc_…).");
  }
  return agent;
}

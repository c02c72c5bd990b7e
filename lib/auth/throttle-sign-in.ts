import { clientAddress } from "@/lib/http/listener";
import { problemResponse, retryAfter, toProblem } from "@/lib/http/problem";
import { consumeOrThrow } from "@/lib/services/throttle";

/**
 * Auth.js's routes, with the OIDC sign-in callback throttled per client address (a callback is
 * where a login completes: code exchange, user upsert). Over the limit: 429 problem+json with
 * Retry-After; every other Auth.js route passes as it is.
 */
export function throttleSignIn<R extends Request>(handler: (req: R) => Promise<Response>): (req: R) => Promise<Response> {
  return async (req) => {
    const path = new URL(req.url).pathname;
    if (/^\/api\/auth\/callback\//.test(path)) {
      try {
        await consumeOrThrow("signIn", clientAddress(req) ?? "unknown");
      } catch (err) {
        const seconds = retryAfter(err);
        return problemResponse(toProblem(err, crypto.randomUUID(), path), seconds ? { "retry-after": String(seconds) } : {});
      }
    }
    return handler(req);
  };
}

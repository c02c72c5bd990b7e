import { BmcError } from "../driver";
import { redactTokens } from "../redact";
import { errorMessage } from "./parse";

/** Maps transport failures and HTTP answers to BmcError kinds (driver.ts decides retries from them). */

const tlsCodes = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED", "CERT_REVOKED", "ERR_TLS_CERT_ALTNAME_INVALID", "HOSTNAME_MISMATCH",
]);
const timeoutCodes = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

/** The first error code in a fetch error's cause chain (undici wraps the socket error). */
function errorCode(err: unknown): { code: string; message: string } | null {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return { code, message: (e as Error).message ?? code };
  }
  return null;
}

/** A failed fetch (no HTTP answer) as a BmcError. `what` is "GET https://bmc/redfish/v1/…". */
export function transportError(err: unknown, what: string, timeoutMs: number): BmcError {
  if (err instanceof BmcError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return new BmcError("timeout", `${what}: no answer within ${timeoutMs} ms`);
  const found = errorCode(err);
  if (found && timeoutCodes.has(found.code)) return new BmcError("timeout", `${what}: no answer within ${timeoutMs} ms (${found.code})`);
  if (found && tlsCodes.has(found.code)) {
    // Not transient: retrying cannot fix a certificate; the operator decides about insecureTls.
    return new BmcError("config", `${what}: TLS certificate verification failed (${found.code}: ${found.message}); set insecureTls for this BMC to skip verification`);
  }
  if (found && (found.code === "ERR_SSL_WRONG_VERSION_NUMBER" || found.code === "EPROTO")) {
    return new BmcError("config", `${what}: TLS handshake failed (${found.code}); if the BMC speaks plain HTTP, give its address as http://host:port`);
  }
  if (found) return new BmcError("unreachable", `${what}: ${found.code === "ECONNREFUSED" ? "connection refused" : found.message} (${found.code})`);
  const message = err instanceof Error ? err.message : String(err);
  return new BmcError("unreachable", `${what}: ${message}`);
}

/**
 * A non-2xx answer as a BmcError: 401/403 "auth", 503 "busy", 504 "timeout", other 4xx/5xx
 * "rejected" with the BMC's own message from the error body when it gives one.
 */
export function statusError(status: number, body: unknown, what: string): BmcError {
  if (status === 401) return new BmcError("auth", "authentication failed");
  if (status === 403) return new BmcError("auth", "authentication failed: the account lacks the privilege for this request");
  const detail = errorMessage(body);
  const suffix = detail ? `: ${detail}` : "";
  if (status === 503) return new BmcError("busy", `${what}: HTTP 503, the BMC is busy${suffix}`);
  if (status === 504) return new BmcError("timeout", `${what}: HTTP 504${suffix}`);
  return new BmcError("rejected", `${what}: HTTP ${status}${suffix}`);
}

/**
 * An error without the secret tokens a BMC may have echoed (session tokens, the basic-auth
 * credential), replaced only where they stand as whole tokens (lib/bmc/redact.ts).
 */
export function redactError(err: unknown, tokens: readonly string[]): unknown {
  if (!(err instanceof Error)) return err;
  const message = redactTokens(err.message, tokens);
  if (message === err.message) return err;
  return err instanceof BmcError ? new BmcError(err.kind, message, err.systems) : new Error(message);
}

import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { InteractionDetails, Provider } from "oidc-provider";
import type { DemoUser } from "./demo-users";
import { contentSecurityPolicy, loginPage, messagePage } from "./pages";

export const INVALID_CREDENTIALS = "Invalid email or password";

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;
const MAX_BODY_BYTES = 16 * 1024;

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": contentSecurityPolicy(),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  res.end(html);
}

/** Compares via fixed-length digests so timing doesn't leak the password length or prefix. */
function passwordMatches(expected: string, given: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** Reads a small urlencoded body; undefined when it is larger than any login form could be. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function isUserFacing(error: unknown): error is Error & { statusCode?: number } {
  return error instanceof Error && (error as { expose?: unknown }).expose === true;
}

/**
 * Our replacement for oidc-provider's devInteractions: a login form for the `login` prompt and
 * an automatic grant for the `consent` prompt (every configured client is first-party here).
 */
export function createInteractionHandler(provider: Provider, users: DemoUser[]) {
  async function grantConsent(req: IncomingMessage, res: ServerResponse, details: InteractionDetails) {
    const accountId = details.session?.accountId;
    const clientId = details.params.client_id;
    if (!accountId || !clientId) throw new Error("consent prompt without a session or client_id");
    // Extend an existing grant (e.g. newly requested scopes) rather than replacing it.
    const grant = (details.grantId && (await provider.Grant.find(details.grantId))) || new provider.Grant({ accountId, clientId });
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(" "));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(" "));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function login(req: IncomingMessage, res: ServerResponse, details: InteractionDetails) {
    const form = await readForm(req);
    if (!form) return sendHtml(res, 413, messagePage("Request too large", "The sign-in form submission was too large."));
    const email = (form.get("email") ?? "").trim();
    const password = form.get("password") ?? "";
    const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
    // Always run the comparison so an unknown email costs the same as a wrong password.
    const ok = passwordMatches(user?.password ?? "\0no-such-user", password);
    if (!user || !ok) {
      const page = loginPage({ uid: details.uid, clientId: String(details.params.client_id ?? ""), users, email, error: INVALID_CREDENTIALS });
      return sendHtml(res, 401, page);
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) {
    const expected = action ? "POST" : "GET";
    if (req.method !== expected) {
      res.setHeader("allow", expected);
      return sendHtml(res, 405, messagePage("Method not allowed", `Use ${expected} for this page.`));
    }
    const details = await provider.interactionDetails(req, res);
    // The interaction is looked up via cookie; a mismatching URL means a stale tab or a replay.
    if (details.uid !== uid) {
      return sendHtml(res, 400, messagePage("Sign-in expired", "This sign-in page is out of date. Go back to the application and start again."));
    }
    if (action === "abort") {
      const result = { error: "access_denied", error_description: "End-User aborted interaction" };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    const prompt = details.prompt.name;
    if (prompt === "login" && action === "login") return login(req, res, details);
    if (prompt === "login" && !action) {
      const hint = typeof details.params.login_hint === "string" ? details.params.login_hint : "";
      return sendHtml(res, 200, loginPage({ uid, clientId: String(details.params.client_id ?? ""), users, email: hint }));
    }
    if (prompt === "consent" && !action) return grantConsent(req, res, details);
    return sendHtml(res, 400, messagePage("Unexpected request", `This sign-in step (${prompt}) cannot be handled here.`));
  }

  function fail(res: ServerResponse, error: unknown) {
    if (!isUserFacing(error)) console.error("[dev-idp] interaction failed:", error);
    if (res.headersSent) {
      res.destroy();
    } else if (isUserFacing(error)) {
      // Typically SessionNotFound: the interaction cookie expired or the flow already finished.
      const message = "This sign-in request has expired or was already completed. Go back to the application and start again.";
      sendHtml(res, error.statusCode ?? 400, messagePage("Sign-in expired", message));
    } else {
      sendHtml(res, 500, messagePage("Something went wrong", "The identity provider hit an internal error."));
    }
  }

  /** Synchronous match so the caller can pass non-interaction requests straight to the provider. */
  return function handleInteraction(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    const match = ROUTE.exec(pathname);
    if (!match) return false;
    dispatch(req, res, match[1], match[2]).catch((error: unknown) => fail(res, error));
    return true;
  };
}

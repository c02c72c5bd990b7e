/**
 * The Content-Security-Policy and the other security headers of every HTML page (proxy.ts sets
 * them per request, with a fresh nonce that Next.js puts on its own scripts). Pure, so the
 * policy is unit-tested and the e2e test (e2e/csp.spec.ts) proves the app runs under it.
 *
 * - Scripts: only those carrying the nonce, and what they load ('strict-dynamic'); development
 *   adds 'unsafe-eval' (React's dev tooling), production never does.
 * - Styles: the app's stylesheets and nonce'd style elements; style attributes stay allowed
 *   (usage bars set a width; an attribute cannot run code). Development injects styles inline.
 * - form-action: our origin and the IdP's (a sign-in form is answered with a redirect to it);
 *   the CLI login page also posts to the CLI's loopback listener (http://127.0.0.1:<port>).
 * - frame-ancestors 'none' (and X-Frame-Options DENY for old browsers): nothing frames the console.
 */
export type SecurityHeaderOptions = { nonce: string; dev: boolean; https: boolean; identityProvider: string; loopbackForms?: boolean };

export function contentSecurityPolicy(o: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ""}`,
    o.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${o.nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${new URL(o.identityProvider).origin}${o.loopbackForms ? " http://127.0.0.1:*" : ""}`,
    "frame-ancestors 'none'",
    ...(o.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/**
 * The per-request headers of every page: the CSP, and HSTS when the app is served over https.
 * The fixed ones (nosniff, Referrer-Policy, X-Frame-Options DENY) come from next.config.ts for
 * every response, where a page may also override them (/cli-login sends no referrer at all).
 */
export function pageSecurityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(o),
    ...(o.https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

import { type NextRequest, NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { pageSecurityHeaders } from "@/lib/http/security-headers";

/**
 * Security headers for the pages (lib/http/security-headers.ts), with a fresh CSP nonce per
 * request. Next.js reads the nonce from the request's Content-Security-Policy header while
 * rendering and puts it on its scripts, so the policy goes on the request and on the response.
 * next.config.ts gives every response (pages, API, assets) nosniff, a referrer policy and DENY
 * framing.
 */
export function proxy(request: NextRequest): NextResponse {
  const env = getEnv();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const headers = pageSecurityHeaders({
    nonce,
    dev: env.nodeEnv === "development",
    https: env.appUrl.startsWith("https://"),
    identityProvider: env.auth.issuer,
    // `metal login`: the confirmation hands the token to the CLI's loopback listener by a form post.
    loopbackForms: request.nextUrl.pathname === "/cli-login",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};

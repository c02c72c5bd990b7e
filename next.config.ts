import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages that load wasm/native files relative to themselves, or keep process-wide state,
  // are required at run time instead of bundled. rate-limiter-flexible imports drizzle-orm by a
  // computed name at run time: both stay external so they share one drizzle-orm.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "pg-boss", "oidc-provider", "rate-limiter-flexible", "drizzle-orm"],
  poweredByHeader: false,
  typedRoutes: false,
  // Every response (API and assets too); pages also get a CSP with a per-request nonce (proxy.ts).
  async headers() {
    return [{
      source: "/:path*",
      headers: [
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        { key: "X-Frame-Options", value: "DENY" },
      ],
    }, {
      // The CLI login confirmation must not be framed (clickjacking an "Authorize" click), and its
      // URL carries the CLI's state: never send it onwards as a Referer (overrides the above).
      source: "/cli-login",
      headers: [
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
        { key: "Referrer-Policy", value: "no-referrer" },
      ],
    }];
  },
};

export default nextConfig;

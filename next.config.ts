import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages that load wasm/native files relative to themselves, or keep process-wide state,
  // are required at run time instead of bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "pg-boss", "oidc-provider"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    // The CLI login confirmation must not be framed (clickjacking an "Authorize" click), and its
    // URL carries the CLI's state: never send it onwards as a Referer.
    return [{
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

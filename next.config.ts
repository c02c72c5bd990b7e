import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages that load wasm/native files relative to themselves, or keep process-wide state,
  // are required at run time instead of bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "pg-boss", "oidc-provider"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;

/**
 * `npm start`: builds the app when the sources are newer than the last build, then runs the
 * app's server (scripts/serve.ts: Next.js behind the public and the boot listener) in
 * production mode. Migrations, demo seed, the development IdP and the workers start inside the
 * server process (instrumentation.ts), so this script stays a thin launcher.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

const root = process.cwd();
const SOURCES = ["app", "components", "lib", "lab", "sdk", "public", "instrumentation.ts", "instrumentation-client.ts", "proxy.ts", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const SKIP = /(^|\/)(node_modules|\.next|\.data)(\/|$)|\.test\.ts$/;

function newestMtime(p: string): number {
  const full = path.join(root, p);
  if (!fs.existsSync(full) || SKIP.test(p)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).map((f) => newestMtime(path.join(p, f))));
}

function needsBuild(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

// Validated before building, so a bad configuration fails fast.
getEnv();
// Next.js telemetry would send usage data off this machine; data centres (and this project) don't.
const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
if (needsBuild()) {
  console.log("Building the app (first start, or sources changed) …");
  const r = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit", env: childEnv });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// One process (node --import tsx), so signals reach the server itself.
const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "serve.ts")], {
  stdio: "inherit",
  env: { ...childEnv, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BASE_URL } from "../playwright.config";

/**
 * Runs the real `metal` CLI (bin/metal.cjs, as `npx metal` does) as a child process against the
 * e2e server, with its own HOME so its config file is a fresh one per test user.
 */
export type CliResult = { code: number; stdout: string; stderr: string };
export type CliUser = { home: string; env: Record<string, string> };

const ROOT = path.resolve(__dirname, "..");

export function cliUser(token?: string, extra: Record<string, string> = {}): CliUser {
  const home = mkdtempSync(path.join(os.tmpdir(), "metal-e2e-"));
  return {
    home,
    env: { HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), NO_COLOR: "1", BROWSER: "none", ...(token ? { METAL_URL: BASE_URL, METAL_TOKEN: token } : {}), ...extra },
  };
}

export function startMetal(user: CliUser, args: string[], input?: string) {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...user.env } as unknown as NodeJS.ProcessEnv;
  const child = spawn(process.execPath, [path.join(ROOT, "bin/metal.cjs"), ...args], { cwd: user.home, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  const done = new Promise<CliResult>((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return { child, done, stderr: () => stderr, stdout: () => stdout };
}

export function metal(user: CliUser, args: string[], input?: string): Promise<CliResult> {
  return startMetal(user, args, input).done;
}

/** A token minted from the shell (`npm run admin -- create-token`) on the e2e server's database. */
export async function adminToken(args: string[]): Promise<string> {
  const child = spawn("npm", ["run", "-s", "admin", "--", "create-token", ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: ".data/e2e" } });
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (err += c));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
  if (code !== 0) throw new Error(`admin create-token failed (${code}): ${err}`);
  return out.trim();
}

const minted = new Map<string, Promise<string>>();

/** One token per user for the whole run (each mint starts tsx and opens the database: seconds). */
export function tokenFor(who: "admin" | string): Promise<string> {
  if (!minted.has(who)) minted.set(who, adminToken(who === "admin" ? ["--admin"] : ["--user", who]));
  return minted.get(who)!;
}

export function readConfig(user: CliUser): string {
  return readFileSync(path.join(user.home, ".config/metal/config.yaml"), "utf8");
}

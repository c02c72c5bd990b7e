import { spawn } from "node:child_process";
import os from "node:os";
import type { Command } from "commander";
import { createMetalClient, unwrap } from "@/sdk";
import { saveConfig } from "../config";
import { parseDuration } from "../duration";
import { CliError, EXIT, usageError } from "../exit";
import { startLoopbackLogin } from "../login/loopback";
import { act } from "../run";
import { CLI_VERSION, type Session } from "../session";
import { bold } from "../style";
import { readStdin } from "./context";
import { roleText } from "./roles";

/** Opens a URL with $BROWSER or the platform's opener; "none" (or a failure) leaves it to the person. */
function openBrowser(url: string, browser: string | undefined): void {
  if (browser === "none") return;
  const [cmd, ...args] = browser ? [browser] : process.platform === "darwin" ? ["open"] : process.platform === "win32" ? ["cmd", "/c", "start", ""] : ["xdg-open"];
  try {
    const child = spawn(cmd, [...args, url], { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // the URL is printed anyway
  }
}

async function whoami(url: string, token: string) {
  return unwrap(createMetalClient({ baseUrl: url, token, userAgent: `metal-cli/${CLI_VERSION}` }).GET("/api/v1/me"));
}

/** Stores url + token in the chosen context (default: the current one, or "default") and makes it current. */
function remember(session: Session, name: string, url: string, token: string): void {
  const before = session.config.contexts[name];
  session.config.contexts[name] = { ...before, url, token };
  session.config.current = name;
  saveConfig(session.env.configFile, session.config);
}

export function registerAuth(program: Command): void {
  program.command("login").description("log in: confirm a CLI token in the browser (or give one with --token) and store it in the context")
    .option("--url <url>", "the app's URL (default: the context's)")
    .option("--token <token>", "use this API token instead of the browser (- reads it from stdin)")
    .option("--no-browser", "print the URL instead of opening a browser")
    .option("--timeout <duration>", "how long to wait for the browser", "5m")
    .action(act<{ url?: string; token?: string; browser: boolean; timeout: string }>(async ({ opts, session }) => {
      const url = (opts.url ?? session.context.url ?? session.env.url)?.replace(/\/+$/, "");
      if (!url) throw usageError("which API? pass --url https://… (it is remembered in the context)");
      const name = opts.context ?? session.contextName ?? "default";
      let token = opts.token === "-" ? (await readStdin()).trim() : opts.token;
      if (!token) {
        const login = await startLoopbackLogin(url, os.hostname().slice(0, 64).replace(/[^\w .@-]/g, "-"), parseDuration(opts.timeout));
        try {
          process.stderr.write(`Your one-time code: ${bold(login.code)}\nConfirm the CLI token in your browser at:\n  ${login.url}\n`);
          if (opts.browser) openBrowser(login.url, session.env.browser);
          token = await login.token;
        } finally {
          login.close();
        }
      }
      const me = await whoami(url, token).catch((err) => {
        throw new CliError(`the token does not work on ${url}: ${(err as Error).message}`, EXIT.error);
      });
      remember(session, name, url, token);
      process.stdout.write(`Logged in to ${url} as ${me.name || me.email} (context ${name})\n`);
      if (!session.config.contexts[name].project) process.stdout.write("Choose a default project: metal project ls, then metal project use <id>\n");
    }));

  program.command("logout").description("revoke the context's token and remove it from the config")
    .option("--keep-token", "only forget it locally, do not revoke it")
    .action(act<{ keepToken?: boolean }>(async ({ opts, session, client }) => {
      const name = session.contextName;
      const ctx = name ? session.config.contexts[name] : undefined;
      if (!name || !ctx?.token) throw new CliError("not logged in (no token in the current context)", EXIT.usage);
      if (!opts.keepToken) {
        const me = await unwrap(client().GET("/api/v1/me")).catch(() => null);
        if (me?.tokenId) await unwrap(client().DELETE("/api/v1/tokens/{id}", { params: { path: { id: me.tokenId } } }));
      }
      delete ctx.token;
      saveConfig(session.env.configFile, session.config);
      process.stdout.write(`Logged out of ${ctx.url} (context ${name})\n`);
    }));

  program.command("whoami").description("who the token acts as, and with which roles")
    .action(act(async ({ session, client, print }) => {
      const me = await unwrap(client().GET("/api/v1/me"));
      print({ item: { ...me, url: session.url, context: session.contextName ?? null, project: session.project ?? null } }, {
        columns: [{ field: "name" }, { field: "email" }, { field: "kind" }, { field: "roles", format: (r) => (r as Parameters<typeof roleText>[0][]).map(roleText).join(", ") }, { field: "url" }, { field: "context" }],
      });
    }));
}

import { createMetalClient, type MetalClient } from "@/sdk";
import { type CliConfig, type CliContext, loadConfig } from "./config";
import { type CliEnv, readEnv } from "./env";
import { CliError, EXIT } from "./exit";

export const CLI_VERSION = "0.1.0";

/** Global flags every command may read (commander's optsWithGlobals). */
export type GlobalOptions = { context?: string; project?: string; debug?: boolean };

/**
 * What a command runs against: the chosen context from the config file, with METAL_URL,
 * METAL_TOKEN and METAL_PROJECT (and --project) taking precedence.
 */
export type Session = {
  env: CliEnv;
  config: CliConfig;
  contextName: string | undefined;
  context: Partial<CliContext>;
  url: string | undefined;
  token: string | undefined;
  project: string | undefined;
};

export function openSession(global: GlobalOptions, env: CliEnv = readEnv()): Session {
  const config = loadConfig(env.configFile);
  const contextName = global.context ?? env.context ?? config.current;
  const context: Partial<CliContext> = (contextName && config.contexts[contextName]) || {};
  return {
    env, config, contextName, context,
    url: env.url ?? context.url,
    token: env.token ?? context.token,
    project: global.project ?? env.project ?? context.project,
  };
}

/** An SDK client for the session; fails with a hint when there is no URL or token yet. */
export function clientFor(session: Session, { needToken = true } = {}): MetalClient {
  if (session.contextName && !session.config.contexts[session.contextName] && !session.env.url) throw new CliError(`no context named ${session.contextName} (metal context ls)`, EXIT.usage);
  if (!session.url) throw new CliError("no API URL: run `metal login --url https://…`, `metal context add`, or set METAL_URL", EXIT.usage);
  if (needToken && !session.token) throw new CliError(`not logged in to ${session.url}: run \`metal login\` or set METAL_TOKEN`, EXIT.usage);
  return createMetalClient({ baseUrl: session.url, token: session.token, userAgent: `metal-cli/${CLI_VERSION}` });
}

/** The project a command acts in: --project, METAL_PROJECT, or the context's default. */
export function requireProject(session: Session): string {
  if (!session.project) throw new CliError("no project: pass --project, set METAL_PROJECT, or choose one with `metal project use`", EXIT.usage);
  return session.project;
}

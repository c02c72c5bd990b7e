import os from "node:os";
import path from "node:path";

/** Everything the CLI reads from its environment, in one place. */
export type CliEnv = {
  /** Override the context's URL, token and default project. */
  url?: string;
  token?: string;
  project?: string;
  /** Which context to use instead of the config's current one. */
  context?: string;
  configFile: string;
  noColor: boolean;
  /** The command that opens a URL (`metal login`); "none" prints the URL only. */
  browser?: string;
};

function nonEmpty(v: string | undefined): string | undefined {
  return v && v.trim() ? v.trim() : undefined;
}

export function readEnv(env: Record<string, string | undefined> = process.env): CliEnv {
  const configHome = nonEmpty(env.XDG_CONFIG_HOME) ?? path.join(nonEmpty(env.HOME) ?? os.homedir(), ".config");
  return {
    url: nonEmpty(env.METAL_URL),
    token: nonEmpty(env.METAL_TOKEN),
    project: nonEmpty(env.METAL_PROJECT),
    context: nonEmpty(env.METAL_CONTEXT),
    configFile: nonEmpty(env.METAL_CONFIG) ?? path.join(configHome, "metal", "config.yaml"),
    noColor: env.NO_COLOR !== undefined || env.TERM === "dumb",
    browser: nonEmpty(env.BROWSER),
  };
}

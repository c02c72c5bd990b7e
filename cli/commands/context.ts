import type { Command } from "commander";
import { contextName, saveConfig } from "../config";
import { CliError, EXIT, usageError } from "../exit";
import { act, defined } from "../run";
import { views } from "../views";

/** Named contexts (URL, token, default project) in the config file; `use` switches the current one. */
export function registerContext(program: Command): void {
  const context = program.command("context").alias("ctx").description("contexts: API URL, token and default project, by name");

  context.command("ls").alias("list").description("list contexts (tokens are never shown)")
    .action(act(async ({ session, print }) => {
      const rows = Object.entries(session.config.contexts).map(([name, c]) => ({
        current: name === session.config.current ? "*" : "", name, url: c.url, project: c.project ?? null, token: c.token ? `${c.token.slice(0, 8)}…` : null,
      }));
      print({ list: rows }, views.context);
    }));

  context.command("use <name>").description("make a context the current one")
    .action(act(async ({ args: [name], session }) => {
      if (!session.config.contexts[name]) throw new CliError(`no context named ${name} (metal context ls)`, EXIT.notFound);
      session.config.current = name;
      saveConfig(session.env.configFile, session.config);
      process.stdout.write(`switched to context ${name} (${session.config.contexts[name].url})\n`);
    }));

  context.command("add <name>").description("add or change a context, and make it current")
    .requiredOption("--url <url>", "the app's URL, e.g. https://metal.example.com")
    .option("--token <token>", "an API token (or `metal login` later); - reads it from stdin")
    .option("--no-activate", "do not make it the current context")
    .action(act<{ url: string; token?: string; activate: boolean }>(async ({ args: [name], opts, session }) => {
      if (!contextName.safeParse(name).success) throw usageError(`context name "${name}": use letters, digits, '.', '_' and '-'`);
      try {
        new URL(opts.url);
      } catch {
        throw usageError(`--url ${opts.url} is not a URL`);
      }
      const project = opts.project; // the global --project
      const token = opts.token === "-" ? (await readStdin()).trim() : opts.token;
      const before = session.config.contexts[name] ?? {};
      session.config.contexts[name] = { ...before, ...defined({ url: opts.url.replace(/\/+$/, ""), token, project }) } as { url: string };
      if (opts.activate || !session.config.current) session.config.current = name;
      saveConfig(session.env.configFile, session.config);
      process.stdout.write(`context ${name} saved${session.config.current === name ? " and current" : ""}\n`);
    }));

  context.command("rm <name>").alias("delete").description("delete a context and its token from the config")
    .action(act(async ({ args: [name], session }) => {
      if (!session.config.contexts[name]) throw new CliError(`no context named ${name}`, EXIT.notFound);
      delete session.config.contexts[name];
      if (session.config.current === name) delete session.config.current;
      saveConfig(session.env.configFile, session.config);
      process.stdout.write(`context ${name} deleted\n`);
    }));
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

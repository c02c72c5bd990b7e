import { Command } from "commander";
import { registerAccount } from "./commands/account";
import { registerAuth } from "./commands/auth";
import { registerCatalog } from "./commands/catalog";
import { registerCompletion } from "./commands/completion";
import { registerContext } from "./commands/context";
import { registerMachine } from "./commands/machine";
import { registerNetwork } from "./commands/network";
import { registerSwitch } from "./commands/switch";
import { OUTPUT_HELP } from "./output/format";
import { CLI_VERSION } from "./session";

/** The `metal` command tree. Global options work before or after the subcommand. */
export function buildProgram(): Command {
  const program = new Command("metal")
    .description("the metal cloud's command-line client: machines, networks, IPs, catalog, tokens")
    .version(CLI_VERSION, "--version")
    .option("-o, --output <format>", OUTPUT_HELP)
    .option("--template <template>", "the template for -o template (Go-template-like, one per item)")
    .option("--no-headers", "tables without the header line")
    .option("--sort-by <field>", "sort lists by a field path (allocation.hostname) or a column name")
    .option("-p, --project <id>", "project to act in (default: METAL_PROJECT, then the context's)")
    .option("--context <name>", "context from the config file (default: METAL_CONTEXT, then the current one)")
    .option("--debug", "print stack traces")
    .showHelpAfterError("(metal --help for usage)")
    .showSuggestionAfterError(true);
  registerAuth(program);
  registerContext(program);
  registerMachine(program);
  registerNetwork(program);
  registerSwitch(program);
  registerCatalog(program);
  registerAccount(program);
  registerCompletion(program);
  // After a usage error, a one-line pointer to the command's help rather than all of it.
  program.commands.forEach(function configure(c: Command, _i: number, _all: readonly Command[], path = `metal ${c.name()}`) {
    c.showHelpAfterError(`(${path} --help for usage)`);
    c.commands.forEach((sub) => configure(sub, 0, [], `${path} ${sub.name()}`));
  });
  return program;
}

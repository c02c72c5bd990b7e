import type { Command, Option } from "commander";
import { usageError } from "../exit";

/**
 * Shell completion scripts generated from the command tree itself, so a new command completes
 * without touching this file. bash completes commands, aliases, options and -o values; zsh uses
 * the bash script through bashcompinit; fish gets one `complete` line per command and option.
 */
type Node = { path: string[]; cmd: Command };

function walk(cmd: Command, path: string[] = ["metal"]): Node[] {
  const visible = cmd.commands.filter((c) => c.name() !== "help");
  return [{ path, cmd }, ...visible.flatMap((c) => walk(c, [...path, c.name()]))];
}

function flags(cmd: Command, withGlobals: Command[]): string[] {
  const opts: Option[] = [...cmd.options, ...withGlobals.flatMap((g) => g.options)];
  return [...new Set(opts.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)).concat("--help"))];
}

const OUTPUT_VALUES = "table wide json yaml template= jsonpath=";

export function bash(program: Command): string {
  const nodes = walk(program);
  const steps = nodes.flatMap(({ path, cmd }) =>
    cmd.commands.filter((c) => c.name() !== "help").map((c) => `      ${[c.name(), ...c.aliases()].map((n) => `"${path.join(" ")}:${n}"`).join("|")}) path="${[...path, c.name()].join(" ")}";;`));
  const words = nodes.map(({ path, cmd }) => {
    const subs = cmd.commands.filter((c) => c.name() !== "help").map((c) => c.name());
    return `    "${path.join(" ")}") words="${[...subs, ...flags(cmd, [program])].join(" ")}";;`;
  });
  return `# metal bash completion: source <(metal completion bash)
_metal() {
  local cur prev path words i w
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ "$prev" == "-o" || "$prev" == "--output" ]]; then
    COMPREPLY=( $(compgen -W "${OUTPUT_VALUES}" -- "$cur") )
    return
  fi
  path="metal"
  for ((i=1; i<COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$path:$w" in
${steps.join("\n")}
    esac
  done
  case "$path" in
${words.join("\n")}
    *) words="";;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _metal metal
`;
}

export function zsh(program: Command): string {
  return `#compdef metal
# metal zsh completion: source <(metal completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(program).split("\n").slice(1).join("\n")}`;
}

function fishQuote(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export function fish(program: Command): string {
  const lines = ["# metal fish completion: metal completion fish | source", "complete -c metal -f"];
  for (const { path, cmd } of walk(program)) {
    const subs = cmd.commands.filter((c) => c.name() !== "help");
    const depth = path.slice(1);
    const seen = depth.map((p) => `__fish_seen_subcommand_from ${p}`);
    const none = subs.length ? `not __fish_seen_subcommand_from ${subs.flatMap((c) => [c.name(), ...c.aliases()]).join(" ")}` : "";
    const cond = depth.length === 0 ? "__fish_use_subcommand" : [...seen, none].filter(Boolean).join("; and ");
    for (const c of subs) lines.push(`complete -c metal -n ${fishQuote(cond)} -a ${c.name()} -d ${fishQuote(c.description())}`);
    for (const o of cmd.options.filter((opt) => opt.long !== "--output")) {
      const long = o.long ? ` -l ${o.long.replace(/^--/, "")}` : "";
      const short = o.short ? ` -s ${o.short.replace(/^-/, "")}` : "";
      lines.push(`complete -c metal -n ${fishQuote(depth.length ? seen.join("; and ") : "true")}${long}${short}${o.required ? " -r" : ""} -d ${fishQuote(o.description)}`);
    }
  }
  lines.push(`complete -c metal -s o -l output -r -a ${fishQuote(OUTPUT_VALUES)} -d 'output format'`);
  return `${lines.join("\n")}\n`;
}

export function registerCompletion(program: Command): void {
  program.command("completion <shell>").description("print a completion script: bash, zsh or fish (e.g. source <(metal completion bash))")
    .action((shell: string) => {
      const render = { bash, zsh, fish }[shell];
      if (!render) throw usageError(`completion for "${shell}": use bash, zsh or fish`);
      process.stdout.write(render(program));
    });
}

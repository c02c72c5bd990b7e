import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../program";
import { bash, fish, zsh } from "./completion";

/** Runs the generated bash completion in a real bash for the words typed so far. */
function complete(...typed: string[]): string[] {
  const words = ["metal", ...typed];
  const script = `${bash(buildProgram())}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _metal; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter(Boolean);
}

describe("shell completion", () => {
  it("bash completes commands, nested commands through aliases, options and -o values", () => {
    expect(complete("")).toEqual(expect.arrayContaining(["machine", "network", "ip", "context", "login", "completion", "--output", "--project"]));
    expect(complete("ma")).toEqual(["machine"]);
    expect(complete("machine", "")).toEqual(expect.arrayContaining(["ls", "describe", "create", "rm", "wait", "power", "boot", "identify", "events", "reinstall"]));
    expect(complete("m", "power", "")).toEqual(expect.arrayContaining(["on", "off", "reset", "cycle"]));
    expect(complete("machine", "wait", "--")).toEqual(expect.arrayContaining(["--for", "--timeout", "--output"]));
    expect(complete("machine", "ls", "-o", "")).toEqual(["table", "wide", "json", "yaml", "template=", "jsonpath="]);
  });

  it("zsh reuses the bash completion through bashcompinit; fish gets one line per command and option", () => {
    const program = buildProgram();
    expect(zsh(program)).toMatch(/^#compdef metal\n/);
    expect(zsh(program)).toContain("bashcompinit");
    expect(zsh(program)).toContain("complete -o default -F _metal metal");
    const f = fish(program);
    expect(f).toContain("complete -c metal -n '__fish_use_subcommand' -a machine");
    expect(f).toContain("complete -c metal -n '__fish_seen_subcommand_from machine; and __fish_seen_subcommand_from power; and not __fish_seen_subcommand_from on off reset cycle' -a on");
    expect(f).toMatch(/-l timeout -r -d/);
  });
});

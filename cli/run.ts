import { type Command, InvalidArgumentError } from "commander";
import { type MetalClient } from "@/sdk";
import { formatOutput, type OutputFormat, type OutputOptions, type Printable, type ResourceView } from "./output/format";
import { clientFor, type GlobalOptions, openSession, type Session } from "./session";

/** What every command action receives: its positional arguments, its and the global options, the session. */
export type Invocation<O> = {
  args: string[];
  opts: O & GlobalOptions & OutputOptions;
  session: Session;
  /** The API client; created on first use, so offline commands (context, completion) need no URL. */
  client: () => MetalClient;
  print: (data: Printable, view: ResourceView, fallback?: OutputFormat["kind"]) => void;
  cmd: Command;
};

/** Wraps a command action: commander passes (...args, options, command). */
export function act<O = Record<string, unknown>>(fn: (inv: Invocation<O>) => Promise<void> | void) {
  return async (...raw: unknown[]) => {
    const cmd = raw[raw.length - 1] as Command;
    const args = raw.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a : a === undefined ? [] : [String(a)]));
    const opts = cmd.optsWithGlobals() as O & GlobalOptions & OutputOptions;
    const session = openSession(opts);
    let client: MetalClient | undefined;
    await fn({
      args, opts, session, cmd,
      client: () => (client ??= clientFor(session)),
      print: (data, view, fallback) => process.stdout.write(formatOutput(data, view, opts, fallback)),
    });
  };
}

/** A whole number ≥ 1 for --limit and the like; anything else is a usage error naming the flag. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number of at least 1");
  return n;
}

/** Repeatable option: --tag a --tag b. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Drops undefined entries, so flags not given do not override file values or server defaults. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

import { CommanderError } from "commander";
import { EXIT, exitCodeOf } from "./exit";
import { buildProgram } from "./program";
import { describeError } from "./report";

/**
 * Entry point of `metal` (bin/metal.cjs runs the bundle of this file). Errors print as the
 * problem's title and fields on stderr and map to exit codes (exit.ts); commander's usage errors
 * exit 2. The process exits explicitly so idle keep-alive sockets cannot hold it open.
 */
async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  program.commands.forEach(function override(c) {
    c.exitOverride();
    c.commands.forEach(override);
  });
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; commander has already printed its message.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(describeError(err, "", argv.includes("--debug")));
    return exitCodeOf(err);
  }
}

/** Resolves once everything written so far has reached the pipe: a large output to a full pipe is still queued. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

main(process.argv)
  .then(async (code) => {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    return code;
  })
  .then((code) => process.exit(code));

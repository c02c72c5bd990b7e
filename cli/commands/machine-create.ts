import { allocateMachineInput } from "@/lib/contracts/machines";
import { unwrap } from "@/sdk";
import { CliError, EXIT, type ExitCode, exitCodeOf } from "../exit";
import { describeError } from "../report";
import type { Invocation } from "../run";
import { validate } from "../validate";
import { views } from "../views";

function label(input: Record<string, unknown>, i: number): string {
  return String(input.hostname ?? input.name ?? `machine ${i + 1}`);
}

/**
 * Allocates each machine in turn and reports each result: the created machines on stdout (in
 * the chosen format), each failure on stderr. Every input is validated before the first call,
 * so a typo in the fifth machine does not leave four allocated. The exit code is that of the
 * first failure (all failures reported), 0 when all were created.
 */
export async function createMachines(inv: Invocation<object>, inputs: Record<string, unknown>[], dryRun: boolean): Promise<void> {
  const bodies = inputs.map((input, i) => validate(allocateMachineInput, input, inputs.length > 1 ? `${label(input, i)} (machine ${i + 1} of ${inputs.length})` : "the machine"));
  if (dryRun) {
    process.stderr.write(`dry run: ${bodies.length} machine(s) valid, nothing allocated\n`);
    inv.print({ list: bodies }, { columns: [{ field: "hostname" }, { field: "projectId", header: "PROJECT" }, { field: "partitionId", header: "PARTITION" }, { field: "sizeId", header: "SIZE" }, { field: "image" }] }, "yaml");
    return;
  }
  const api = inv.client();
  const created = [];
  let exit: ExitCode = EXIT.ok;
  for (const [i, body] of bodies.entries()) {
    try {
      created.push(await unwrap(api.POST("/api/v1/machines", { body })));
    } catch (err) {
      process.stderr.write(describeError(err, `${label(inputs[i], i)}: `, inv.opts.debug));
      if (exit === EXIT.ok) exit = exitCodeOf(err);
    }
  }
  if (created.length) inv.print({ list: created }, views.machine);
  if (exit !== EXIT.ok) throw new CliError(`${bodies.length - created.length} of ${bodies.length} machine(s) not allocated`, exit);
}

import { MetalApiError } from "@/sdk";
import { CliError } from "./exit";
import { red } from "./style";

/**
 * An error as a person reads it on stderr: the problem's title and detail in red, each field
 * error on its own line, the request id to quote. A stack trace only with --debug.
 */
export function describeError(err: unknown, prefix = "", debug = false): string {
  const lines: string[] = [];
  if (err instanceof MetalApiError) {
    // A validation problem's detail repeats its field errors, which follow one per line.
    const repeatsFields = err.fields.length > 0 && err.detail === err.fields.map((f) => `${f.field}: ${f.message}`).join("; ");
    const detail = err.detail && err.detail !== err.title && !repeatsFields ? `: ${err.detail}` : "";
    lines.push(red(`error: ${prefix}${err.title} (${err.status} ${err.code})${detail}`));
    for (const f of err.fields) lines.push(red(`  ${f.field}: ${f.message}`));
    if (err.requestId) lines.push(`  request id: ${err.requestId}`);
  } else if (err instanceof CliError) {
    lines.push(red(`error: ${prefix}${err.message}`));
    for (const f of err.fields) lines.push(red(`  ${f.field}: ${f.message}`));
  } else if (err instanceof TypeError && err.message === "fetch failed") {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    lines.push(red(`error: ${prefix}cannot reach the API: ${cause?.code ?? cause?.message ?? "network error"}`));
  } else {
    lines.push(red(`error: ${prefix}${err instanceof Error ? err.message : String(err)}`));
  }
  if (debug && err instanceof Error && err.stack) lines.push(err.stack);
  return `${lines.join("\n")}\n`;
}

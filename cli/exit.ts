import { MetalApiError } from "@/sdk";

/**
 * Exit codes, as scripts rely on them: 1 error, 2 usage (bad flags, bad input, a request the
 * API refused as invalid), 3 not found, 4 conflict.
 */
export const EXIT = { ok: 0, error: 1, usage: 2, notFound: 3, conflict: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports itself: a message, optional field errors, and its exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.error, readonly fields: { field: string; message: string }[] = []) {
    super(message);
    this.name = "CliError";
  }
}

export function usageError(message: string, fields: { field: string; message: string }[] = []): CliError {
  return new CliError(message, EXIT.usage, fields);
}

export function exitCodeOf(err: unknown): ExitCode {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof MetalApiError) {
    if (err.status === 404) return EXIT.notFound;
    if (err.status === 409) return EXIT.conflict;
    if (err.status === 400 || err.status === 422) return EXIT.usage;
  }
  return EXIT.error;
}

import { z } from "zod";
import { AppError, ConflictError, DatabaseUnavailableError, type FieldError, TooManyRequestsError, UnavailableError, ValidationError } from "./errors";

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** zod issues → field errors, with the field named as a dotted path ("roles.0.tenantId"). */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join(".") || (prefix ?? "(root)"),
    message: i.message,
  }));
}

export function validationErrorFrom(error: z.ZodError, prefix?: string): ValidationError {
  return new ValidationError(fieldErrors(error, prefix));
}

/** Finds a Postgres SQLSTATE anywhere in an error's cause chain (drizzle wraps driver errors). */
export function sqlState(err: unknown): { code: string; constraint?: string } | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, constraint: (e as { constraint?: string }).constraint };
    }
  }
  return null;
}

/** Socket errors that mean the database server cannot be reached. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/**
 * node-postgres reports a dropped connection and a pool that could not hand out a connection in
 * time as plain Errors without a code; these (its own fixed texts) are the only messages read.
 */
const DRIVER_UNAVAILABLE = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection terminated due to connection timeout|Client was closed and is not queryable|Cannot use a pool after calling end)/;

/**
 * Whether an error (anywhere in its cause chain) means the database is unavailable rather than
 * that the request or the code is wrong: admin shutdown / crash / cannot connect now (57P01-03),
 * connection exceptions (class 08), unreachable sockets and the driver's dropped-connection errors.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (code === "57P01" || code === "57P02" || code === "57P03" || /^08[0-9A-Z]{3}$/.test(code) || UNREACHABLE.has(code))) return true;
    const errors = (e as { errors?: unknown }).errors; // AggregateError: every address refused
    if (Array.isArray(errors) && errors.length > 0 && errors.every((x) => isDatabaseUnavailable(x))) return true;
    if (e instanceof Error && DRIVER_UNAVAILABLE.test(e.message)) return true;
  }
  return false;
}

/** Translates database errors by SQLSTATE (and unavailability, above); never by free-form message text. */
export function fromDatabaseError(err: unknown): AppError | null {
  if (isDatabaseUnavailable(err)) return new DatabaseUnavailableError();
  const state = sqlState(err);
  if (!state) return null;
  switch (state.code) {
    case "23505":
      return new ConflictError("A resource with the same unique key already exists.", "already_exists", state.constraint ? { constraint: state.constraint } : {});
    case "23503":
      return new ConflictError("The resource is still referenced, or references something that does not exist.", "reference_violation");
    case "23514":
      return new ConflictError("The change violates a consistency rule.", "check_violation");
    case "40001":
    case "40P01":
    case "55P03":
      return new UnavailableError("The database was busy with a conflicting change; retry the request.", 1);
    default:
      return null;
  }
}

/** Maps anything thrown to a problem document. Unknown errors become a bare 500 — no internals. */
export function toProblem(err: unknown, requestId?: string, instance?: string): Problem {
  const appError = err instanceof AppError ? err : fromDatabaseError(err);
  const base = { type: "about:blank", instance, requestId };
  if (!appError) {
    return { ...base, title: "Internal server error", status: 500, code: "internal_error", detail: "An unexpected error occurred. Quote the request id when reporting it." };
  }
  return {
    ...base,
    type: `https://metal.example/problems/${appError.code}`,
    title: appError.title,
    status: appError.status,
    code: appError.code,
    detail: appError.message,
    ...appError.extra,
  };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

export function retryAfter(err: unknown): number | undefined {
  if (err instanceof UnavailableError || err instanceof TooManyRequestsError || err instanceof DatabaseUnavailableError) return err.retryAfterSeconds;
  if (err instanceof ConflictError) return err.retryAfterSeconds;
  const mapped = fromDatabaseError(err);
  return mapped instanceof UnavailableError || mapped instanceof DatabaseUnavailableError ? mapped.retryAfterSeconds : undefined;
}

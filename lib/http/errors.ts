/**
 * Typed errors with a stable machine-readable `code`. Services throw these; the one mapper
 * in problem.ts turns them (and database errors, by SQLSTATE) into RFC 9457 problem+json.
 */
export type FieldError = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string, code = "bad_request") {
    super(400, code, "Bad request", detail);
  }
}

export class ValidationError extends AppError {
  constructor(readonly errors: FieldError[], detail?: string) {
    super(422, "validation_failed", "Validation failed", detail ?? errors.map((e) => `${e.field}: ${e.message}`).join("; "), { errors });
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = "Authentication is required.", code = "unauthorized") {
    super(401, code, "Unauthorized", detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = "You do not have permission to do this.", code = "forbidden") {
    super(403, code, "Forbidden", detail);
  }
}

/** Also used for resources of a foreign tenant, so that their existence does not leak. */
export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super(404, "not_found", "Not found", id ? `${what} ${id} was not found.` : `${what} was not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, code = "conflict", extra: Record<string, unknown> = {}, readonly retryAfterSeconds?: number) {
    super(409, code, "Conflict", detail, extra);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super(413, "payload_too_large", "Payload too large", `The request body exceeds ${limit} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(detail = "The request body must be application/json.") {
    super(415, "unsupported_media_type", "Unsupported media type", detail);
  }
}

/** Throttled (lib/services/throttle.ts): answered with Retry-After. */
export class TooManyRequestsError extends AppError {
  constructor(detail: string, readonly retryAfterSeconds: number) {
    super(429, "too_many_requests", "Too many requests", detail);
  }
}

export class UnavailableError extends AppError {
  constructor(detail: string, readonly retryAfterSeconds = 5) {
    super(503, "unavailable", "Service unavailable", detail);
  }
}

/** The database cannot be reached (restart, failover, pool exhausted): retry shortly, not a bug. */
export class DatabaseUnavailableError extends AppError {
  constructor(readonly retryAfterSeconds = 2) {
    super(503, "database_unavailable", "Service unavailable", "The database is unavailable at the moment; retry the request shortly.");
  }
}

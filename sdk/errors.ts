import type { components } from "./generated/schema";

/** An RFC 9457 problem document as the API answers it (status, stable code, field errors). */
export type Problem = components["schemas"]["Problem"];
export type ProblemField = NonNullable<Problem["errors"]>[number];

/**
 * A failed API call: the server's problem document, typed. Answers without a problem document
 * (a proxy's HTML error page, an empty body) still get a status, a title and a code.
 */
export class MetalApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fields: ProblemField[];
  readonly requestId: string | undefined;

  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "MetalApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.fields = problem.errors ?? [];
    this.requestId = problem.requestId;
  }

  /** Field → message with the "body."/"query." location dropped, for showing next to form inputs. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.fields) out[e.field.replace(/^(body|query|params)\./, "")] = e.message;
    return out;
  }

  static fromResponse(response: Response, body: unknown): MetalApiError {
    const given = typeof body === "object" && body !== null ? (body as Partial<Problem>) : {};
    const status = typeof given.status === "number" ? given.status : response.status;
    return new MetalApiError({
      type: typeof given.type === "string" ? given.type : "about:blank",
      title: typeof given.title === "string" ? given.title : response.statusText || `HTTP ${status}`,
      status,
      code: typeof given.code === "string" ? given.code : `http_${status}`,
      detail: typeof given.detail === "string" ? given.detail : typeof body === "string" && body && body.length < 300 && !body.trimStart().startsWith("<") ? body : undefined,
      instance: given.instance,
      requestId: given.requestId ?? response.headers.get("x-request-id") ?? undefined,
      errors: Array.isArray(given.errors) ? given.errors : undefined,
    });
  }
}

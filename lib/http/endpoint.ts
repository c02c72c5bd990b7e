import type { z } from "zod";

/**
 * An endpoint is declared once — method, path, auth mode and zod schemas — and used both by
 * the route handler (withApi parses with these schemas) and by the OpenAPI builder.
 */
export type AuthMode = "user" | "token" | "none";
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type EndpointDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> = {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. /api/v1/projects/{id}. */
  path: string;
  summary: string;
  tag: string;
  /** user: a browser session or a bearer token; token: bearer only; none: public. */
  auth: AuthMode;
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  /** Success status; 204 means no body. */
  status?: number;
  /** Problem codes this endpoint may answer with, beyond the common ones. */
  errors?: number[];
};

export function defineEndpoint<
  P extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
  R extends z.ZodType = z.ZodNever,
>(def: EndpointDef<P, Q, B, R>): EndpointDef<P, Q, B, R> {
  return def;
}

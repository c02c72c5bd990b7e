import type { z } from "zod";

/**
 * An endpoint is declared once — method, path, auth mode and zod schemas — and used both by
 * the route handler (withApi parses with these schemas) and by the OpenAPI builder.
 */
export type AuthMode = "user" | "token" | "agent" | "none";
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
  /**
   * user: a browser session or a bearer token; token: bearer only; agent: a machine agent's
   * partition boot credential (mbc_…), machine credential (mmc_…) or switch credential (msc_…), never a user token; none: public.
   */
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

/**
 * Returns the definition with its exact type, so `endpoints.x.body` is the schema that was given
 * (agents import the schemas this way without optional-field checks).
 */
export function defineEndpoint<const D extends EndpointDef>(def: D): D {
  return def;
}

import { z } from "zod";
import type { EndpointDef } from "./endpoint";
import { problemSchema } from "./problem";

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
}

function parametersOf(def: EndpointDef): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [["path", def.params], ["query", def.query]] as const) {
    if (!schema) continue;
    const js = schemaOf(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (js.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

function operationOf(def: EndpointDef): Record<string, unknown> {
  const status = String(def.status ?? 200);
  const responses: Record<string, unknown> = {
    [status]: status === "204" || !def.response
      ? { description: status === "204" ? "No content" : "OK" }
      : { description: "OK", content: { "application/json": { schema: schemaOf(def.response, "output") } } },
    default: { description: "An RFC 9457 problem document with a stable `code`", content: problemContent },
  };
  return {
    summary: def.summary,
    tags: [def.tag],
    operationId: `${def.method.toLowerCase()}${def.path.replace(/\/api\/v1/, "").replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    security: def.auth === "none" ? [] : def.auth === "token" ? [{ bearer: [] }] : def.auth === "agent" ? [{ agent: [] }] : [{ bearer: [] }, { session: [] }],
    parameters: parametersOf(def),
    ...(def.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(def.body, "input") } } } } : {}),
    responses,
  };
}

/** OpenAPI 3.1 from the same endpoint definitions (and zod schemas) the routes parse with. */
export function buildOpenApi(defs: EndpointDef[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of defs) {
    paths[def.path] ??= {};
    paths[def.path][def.method.toLowerCase()] = operationOf(def);
  }
  return {
    openapi: "3.1.0",
    info: { ...info, description: "Self-service bare-metal cloud API. Authenticate with `Authorization: Bearer <token>`." },
    paths,
    components: {
      schemas: { Problem: schemaOf(problemSchema, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (mtk_…) from /api/v1/tokens or `npm run admin -- create-token`" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token" },
        agent: { type: "http", scheme: "bearer", description: "Machine and switch agents only: a partition boot credential (mbc_…), the machine's own credential (mmc_…) or the switch's (msc_…)" },
      },
    },
  };
}

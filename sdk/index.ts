/**
 * The typed SDK of the metal API, generated from its OpenAPI document (sdk/generated, by
 * `npm run sdk:generate`) and used by the `metal` CLI, the portal and other TypeScript programs.
 */
export { createMetalClient, listAll, unwrap, type MetalClient, type MetalClientOptions } from "./client";
export { MetalApiError, type Problem, type ProblemField } from "./errors";
export type { components, operations, paths } from "./generated/schema";
export type { ApiBody, ApiResponse } from "./types";

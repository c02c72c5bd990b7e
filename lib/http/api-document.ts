import { endpoints } from "@/lib/contracts/endpoints";
import { buildOpenApi } from "./openapi";

/**
 * The API's OpenAPI document, built once from the endpoint definitions: served at
 * /api/v1/openapi.json and used offline to generate the SDK (npm run sdk:generate).
 */
export function apiDocument() {
  return buildOpenApi(Object.values(endpoints), { title: "Metal cloud API", version: "1.0.0" });
}

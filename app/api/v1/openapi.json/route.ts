import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { buildOpenApi } from "@/lib/http/openapi";

const document = buildOpenApi(Object.values(endpoints), { title: "Metal cloud API", version: "1.0.0" });

export const GET = withApi(endpoints.openapi, async () => document);

import { endpoints } from "@/lib/contracts/endpoints";
import { apiDocument } from "@/lib/http/api-document";
import { withApi } from "@/lib/http/with-api";

const document = apiDocument();

export const GET = withApi(endpoints.openapi, async () => document);

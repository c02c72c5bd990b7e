import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createSize, listSizes } from "@/lib/services/catalog/sizes";

export const GET = withApi(endpoints.listSizes, async ({ actor, query }) => listSizes(actor, query));
export const POST = withApi(endpoints.createSize, async ({ actor, body }) => createSize(actor, body));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createLayout, listLayouts } from "@/lib/services/catalog/filesystem-layouts";

export const GET = withApi(endpoints.listLayouts, async ({ actor, query }) => listLayouts(actor, query));
export const POST = withApi(endpoints.createLayout, async ({ actor, body }) => createLayout(actor, body));

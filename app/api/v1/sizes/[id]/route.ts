import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteSize, getSize, updateSize } from "@/lib/services/catalog/sizes";

export const GET = withApi(endpoints.getSize, async ({ actor, params }) => getSize(actor, params.id));
export const PATCH = withApi(endpoints.updateSize, async ({ actor, params, body }) => updateSize(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteSize, async ({ actor, params }) => deleteSize(actor, params.id));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteLayout, getLayout, updateLayout } from "@/lib/services/catalog/filesystem-layouts";

export const GET = withApi(endpoints.getLayout, async ({ actor, params }) => getLayout(actor, params.id));
export const PUT = withApi(endpoints.updateLayout, async ({ actor, params, body }) => updateLayout(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteLayout, async ({ actor, params }) => deleteLayout(actor, params.id));

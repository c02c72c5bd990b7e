import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getToken, revokeToken, updateToken } from "@/lib/services/tokens";

export const GET = withApi(endpoints.getToken, async ({ actor, params }) => getToken(actor, params.id));
export const PATCH = withApi(endpoints.updateToken, async ({ actor, params, body }) => updateToken(actor, params.id, body));
export const DELETE = withApi(endpoints.revokeToken, async ({ actor, params }) => revokeToken(actor, params.id));

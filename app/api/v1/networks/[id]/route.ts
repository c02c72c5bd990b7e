import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteNetwork, getNetwork, updateNetwork } from "@/lib/services/networks/networks";

export const GET = withApi(endpoints.getNetwork, async ({ actor, params }) => getNetwork(actor, params.id));
export const PATCH = withApi(endpoints.updateNetwork, async ({ actor, params, body }) => updateNetwork(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteNetwork, async ({ actor, params }) => deleteNetwork(actor, params.id));

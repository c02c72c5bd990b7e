import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteSwitch, getSwitch, updateSwitch } from "@/lib/services/switches/switches";

export const GET = withApi(endpoints.getSwitch, async ({ actor, params }) => getSwitch(actor, params.id));
export const PATCH = withApi(endpoints.updateSwitch, async ({ actor, params, body }) => updateSwitch(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteSwitch, async ({ actor, params, query }) => deleteSwitch(actor, params.id, query.force));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getIp, releaseIp, updateIp } from "@/lib/services/networks/ips";

export const GET = withApi(endpoints.getIp, async ({ actor, params }) => getIp(actor, params.id));
export const PATCH = withApi(endpoints.updateIp, async ({ actor, params, body }) => updateIp(actor, params.id, body));
export const DELETE = withApi(endpoints.releaseIp, async ({ actor, params }) => releaseIp(actor, params.id));

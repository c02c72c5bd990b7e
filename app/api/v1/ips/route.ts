import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { acquireIp, listIps } from "@/lib/services/networks/ips";

export const GET = withApi(endpoints.listIps, async ({ actor, query }) => listIps(actor, query));
export const POST = withApi(endpoints.acquireIp, async ({ actor, body }) => acquireIp(actor, body));

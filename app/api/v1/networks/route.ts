import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createNetwork, listNetworks } from "@/lib/services/networks/networks";

export const GET = withApi(endpoints.listNetworks, async ({ actor, query }) => listNetworks(actor, query));
export const POST = withApi(endpoints.createNetwork, async ({ actor, body }) => createNetwork(actor, body));

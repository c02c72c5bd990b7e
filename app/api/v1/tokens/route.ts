import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createToken, listTokens } from "@/lib/services/tokens";

export const GET = withApi(endpoints.listTokens, async ({ actor, query }) => listTokens(actor, query));
export const POST = withApi(endpoints.createToken, async ({ actor, body }) => createToken(actor, body));

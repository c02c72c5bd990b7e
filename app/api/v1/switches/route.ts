import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { listSwitches } from "@/lib/services/switches/switches";

export const GET = withApi(endpoints.listSwitches, async ({ actor, query }) => ({ ...(await listSwitches(actor, query)), nextCursor: null }));

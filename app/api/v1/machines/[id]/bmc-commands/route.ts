import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { listBmcCommands } from "@/lib/services/bmc/commands";

export const GET = withApi(endpoints.listBmcCommands, async ({ actor, params, query }) => listBmcCommands(actor, params.id, query));

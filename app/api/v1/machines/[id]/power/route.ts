import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { requestPowerAction } from "@/lib/services/bmc/commands";

export const POST = withApi(endpoints.powerMachine, async ({ actor, params, body }) => requestPowerAction(actor, params.id, body));

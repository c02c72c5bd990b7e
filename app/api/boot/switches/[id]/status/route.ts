import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { reportSwitchStatus } from "@/lib/services/switches/status";

export const POST = withApi(endpoints.bootSwitchStatus, async ({ agent, params, body }) => reportSwitchStatus(agent, params.id, body));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { reportInstall } from "@/lib/services/machines/agent-report";

export const POST = withApi(endpoints.bootReport, async ({ agent, params, body }) => reportInstall(agent, params.id, body));

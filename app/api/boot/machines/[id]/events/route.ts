import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { postAgentEvent } from "@/lib/services/machines/agent-events";

export const POST = withApi(endpoints.bootEvent, async ({ agent, params, body }) => postAgentEvent(agent, params.id, body));

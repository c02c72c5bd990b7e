import { endpoints } from "@/lib/contracts/endpoints";
import { clientAddress } from "@/lib/http/listener";
import { withApi } from "@/lib/http/with-api";
import { registerMachine } from "@/lib/services/machines/agent-register";

export const POST = withApi(endpoints.bootRegister, async ({ req, agent, body, requestId }) => registerMachine(agent, body, { requestId, source: clientAddress(req) }));

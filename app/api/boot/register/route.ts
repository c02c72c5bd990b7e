import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { registerMachine } from "@/lib/services/machines/agent-register";

export const POST = withApi(endpoints.bootRegister, async ({ agent, body, requestId }) => registerMachine(agent, body, requestId));

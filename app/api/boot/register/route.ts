import { endpoints } from "@/lib/contracts/endpoints";
import { clientAddress } from "@/lib/http/listener";
import { withApi } from "@/lib/http/with-api";
import { registerMachine } from "@/lib/services/machines/agent-register";
import { consumeOrThrow } from "@/lib/services/throttle";

export const POST = withApi(endpoints.bootRegister, async ({ req, agent, body, requestId }) => {
  const source = clientAddress(req);
  await consumeOrThrow("bootRegister", source ?? "unknown");
  return registerMachine(agent, body, { requestId, source });
});

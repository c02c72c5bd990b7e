import { endpoints } from "@/lib/contracts/endpoints";
import { clientAddress } from "@/lib/http/listener";
import { withApi } from "@/lib/http/with-api";
import { registerSwitch } from "@/lib/services/switches/register";
import { consumeOrThrow } from "@/lib/services/throttle";

export const POST = withApi(endpoints.bootRegisterSwitch, async ({ req, agent, body, requestId }) => {
  await consumeOrThrow("bootRegister", clientAddress(req) ?? "unknown");
  return registerSwitch(agent, body, { requestId });
});

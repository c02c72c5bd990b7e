import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { phoneHome } from "@/lib/services/machines/agent-events";

export const POST = withApi(endpoints.bootPhoneHome, async ({ agent, params }) => phoneHome(agent, params.id));

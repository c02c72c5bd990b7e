import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { setPortAdminState } from "@/lib/services/switches/switches";

export const PATCH = withApi(endpoints.updateSwitchPort, async ({ actor, params, body }) => setPortAdminState(actor, params.id, params.port, body.adminState));

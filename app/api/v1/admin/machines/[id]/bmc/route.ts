import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { updateMachineBmc } from "@/lib/services/bmc/records";

export const PATCH = withApi(endpoints.updateMachineBmc, async ({ actor, params, body }) => updateMachineBmc(actor, params.id, body));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getMachineBmc } from "@/lib/services/bmc/records";

export const GET = withApi(endpoints.getMachineBmc, async ({ actor, params }) => getMachineBmc(actor, params.id));

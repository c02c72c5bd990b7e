import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { approveBmcAddress } from "@/lib/services/bmc/bmc-networks";

export const POST = withApi(endpoints.approveMachineBmc, async ({ actor, params }) => approveBmcAddress(actor, params.id));

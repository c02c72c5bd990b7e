import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { listPowerReadings } from "@/lib/services/bmc/power-readings";

export const GET = withApi(endpoints.listMachinePowerReadings, async ({ actor, params }) => listPowerReadings(actor, params.id));

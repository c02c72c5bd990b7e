import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getMachineEvents } from "@/lib/services/machines/machines";

export const GET = withApi(endpoints.machineEvents, async ({ actor, params }) => getMachineEvents(actor, params.id));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getMachineUplinks } from "@/lib/services/switches/uplinks";

export const GET = withApi(endpoints.getMachineUplinks, async ({ actor, params }) => getMachineUplinks(actor, params.id));

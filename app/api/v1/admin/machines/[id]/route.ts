import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getAdminMachine } from "@/lib/services/machines/inventory";
import { deleteMachine } from "@/lib/services/machines/machines";

export const GET = withApi(endpoints.getAdminMachine, async ({ actor, params }) => getAdminMachine(actor, params.id));
export const DELETE = withApi(endpoints.deleteMachine, async ({ actor, params }) => deleteMachine(actor, params.id));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { freeMachine } from "@/lib/services/machines/allocation-release";
import { getMachine, updateMachine } from "@/lib/services/machines/machines";

export const GET = withApi(endpoints.getMachine, async ({ actor, params }) => getMachine(actor, params.id));
export const PATCH = withApi(endpoints.updateMachine, async ({ actor, params, body }) => updateMachine(actor, params.id, body));
export const DELETE = withApi(endpoints.freeMachine, async ({ actor, params }) => freeMachine(actor, params.id));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { reinstallMachine } from "@/lib/services/machines/allocation-reinstall";

export const POST = withApi(endpoints.reinstallMachine, async ({ actor, params, body }) => reinstallMachine(actor, params.id, body));

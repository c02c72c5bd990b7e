import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { allowReenrollment } from "@/lib/services/machines/reenroll";

export const POST = withApi(endpoints.reenrollMachine, async ({ actor, params, body }) => allowReenrollment(actor, params.id, body.windowMinutes));

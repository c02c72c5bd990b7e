import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteMachine } from "@/lib/services/machines/machines";

export const DELETE = withApi(endpoints.deleteMachine, async ({ actor, params }) => deleteMachine(actor, params.id));

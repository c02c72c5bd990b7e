import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { setMachineCondition } from "@/lib/services/machines/machines";

export const PATCH = withApi(endpoints.setMachineCondition, async ({ actor, params, body }) => setMachineCondition(actor, params.id, body));

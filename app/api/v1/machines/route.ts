import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { listMachines } from "@/lib/services/machines/machines";

export const GET = withApi(endpoints.listMachines, async ({ actor, query }) => listMachines(actor, query));
export const POST = withApi(endpoints.allocateMachine, async ({ actor, body }) => allocateMachine(actor, body));

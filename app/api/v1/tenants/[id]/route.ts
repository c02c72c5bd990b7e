import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteTenant, getTenant, updateTenant } from "@/lib/services/tenants";

export const GET = withApi(endpoints.getTenant, async ({ actor, params }) => getTenant(actor, params.id));
export const PATCH = withApi(endpoints.updateTenant, async ({ actor, params, body }) => updateTenant(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteTenant, async ({ actor, params }) => deleteTenant(actor, params.id));

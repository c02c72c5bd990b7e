import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createTenant, listTenants } from "@/lib/services/tenants";

export const GET = withApi(endpoints.listTenants, async ({ actor, query }) => listTenants(actor, query));
export const POST = withApi(endpoints.createTenant, async ({ actor, body }) => createTenant(actor, body));

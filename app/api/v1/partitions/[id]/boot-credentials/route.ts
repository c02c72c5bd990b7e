import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createBootCredential, listBootCredentials } from "@/lib/services/machines/boot-credentials";

export const GET = withApi(endpoints.listBootCredentials, async ({ actor, params, query }) => listBootCredentials(actor, params.id, query));
export const POST = withApi(endpoints.createBootCredential, async ({ actor, params, body }) => createBootCredential(actor, params.id, body));

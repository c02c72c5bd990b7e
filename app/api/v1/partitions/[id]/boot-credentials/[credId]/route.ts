import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { revokeBootCredential } from "@/lib/services/machines/boot-credentials";

export const DELETE = withApi(endpoints.revokeBootCredential, async ({ actor, params }) => revokeBootCredential(actor, params.id, params.credId));

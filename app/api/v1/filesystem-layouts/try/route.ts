import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { tryLayout } from "@/lib/services/catalog/filesystem-layouts";

export const POST = withApi(endpoints.tryLayout, async ({ actor, body }) => tryLayout(actor, body));

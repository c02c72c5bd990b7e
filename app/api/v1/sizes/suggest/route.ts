import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { suggestSize } from "@/lib/services/catalog/sizes";

export const POST = withApi(endpoints.suggestSize, async ({ actor, body }) => suggestSize(actor, body.hardware));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { searchEverything } from "@/lib/services/global-search";

export const GET = withApi(endpoints.search, async ({ actor, query }) => searchEverything(actor, query));

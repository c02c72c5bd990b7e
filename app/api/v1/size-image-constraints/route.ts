import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { listSizeImageConstraints } from "@/lib/services/catalog/size-image-constraints";

export const GET = withApi(endpoints.listSizeImageConstraints, async ({ actor, query }) => listSizeImageConstraints(actor, query));

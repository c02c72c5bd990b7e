import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteSizeImageConstraint, getSizeImageConstraint, putSizeImageConstraint } from "@/lib/services/catalog/size-image-constraints";

export const GET = withApi(endpoints.getSizeImageConstraint, async ({ actor, params }) => getSizeImageConstraint(actor, params.id));
export const PUT = withApi(endpoints.putSizeImageConstraint, async ({ actor, params, body }) => putSizeImageConstraint(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteSizeImageConstraint, async ({ actor, params }) => deleteSizeImageConstraint(actor, params.id));

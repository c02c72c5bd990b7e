import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteImage, getImage, updateImage } from "@/lib/services/catalog/images";

export const GET = withApi(endpoints.getImage, async ({ actor, params }) => getImage(actor, params.id));
export const PATCH = withApi(endpoints.updateImage, async ({ actor, params, body }) => updateImage(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteImage, async ({ actor, params }) => deleteImage(actor, params.id));

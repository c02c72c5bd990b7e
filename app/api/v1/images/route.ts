import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createImage, listImages } from "@/lib/services/catalog/images";

export const GET = withApi(endpoints.listImages, async ({ actor, query }) => listImages(actor, query));
export const POST = withApi(endpoints.createImage, async ({ actor, body }) => createImage(actor, body));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deletePartition, getPartition, updatePartition } from "@/lib/services/catalog/partitions";

export const GET = withApi(endpoints.getPartition, async ({ actor, params }) => getPartition(actor, params.id));
export const PATCH = withApi(endpoints.updatePartition, async ({ actor, params, body }) => updatePartition(actor, params.id, body));
export const DELETE = withApi(endpoints.deletePartition, async ({ actor, params }) => deletePartition(actor, params.id));

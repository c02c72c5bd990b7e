import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createPartition, listPartitions } from "@/lib/services/catalog/partitions";

export const GET = withApi(endpoints.listPartitions, async ({ actor, query }) => listPartitions(actor, query));
export const POST = withApi(endpoints.createPartition, async ({ actor, body }) => createPartition(actor, body));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getPartitionCapacity } from "@/lib/services/catalog/capacity";

export const GET = withApi(endpoints.partitionCapacity, async ({ actor, params }) => getPartitionCapacity(actor, params.id));

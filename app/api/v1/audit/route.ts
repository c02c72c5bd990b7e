import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { listAudit } from "@/lib/services/audit";

export const GET = withApi(endpoints.listAudit, async ({ actor, query }) => listAudit(actor, query));

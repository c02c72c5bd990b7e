import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getReadiness } from "@/lib/services/readiness";

export const dynamic = "force-dynamic";

export const GET = withApi(endpoints.ready, async () => {
  const readiness = await getReadiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: readiness.ready ? {} : { "retry-after": "5" } });
});

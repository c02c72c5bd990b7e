import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getHealth } from "@/lib/services/health";

export const GET = withApi(endpoints.health, async () => {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
});

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { assertMetricsReader } from "@/lib/metrics/auth";
import { scrape } from "@/lib/metrics/inventory";

export const dynamic = "force-dynamic";

export const GET = withApi(endpoints.metrics, async ({ req }) => {
  await assertMetricsReader(req);
  const { contentType, body } = await scrape();
  return new Response(body, { status: 200, headers: { "content-type": contentType } });
});

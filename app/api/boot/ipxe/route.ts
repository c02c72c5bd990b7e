import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { ipxeScript } from "@/lib/services/machines/agent-ipxe";

/** Public: iPXE cannot authenticate. See agent-ipxe.ts for why, and how to fence it in. */
export const GET = withApi(endpoints.bootIpxe, async ({ query, requestId }) =>
  new Response(await ipxeScript(query, requestId), { headers: { "content-type": "text/plain; charset=utf-8" } }));

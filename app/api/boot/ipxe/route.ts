import { endpoints } from "@/lib/contracts/endpoints";
import { clientAddress } from "@/lib/http/listener";
import { withApi } from "@/lib/http/with-api";
import { ipxeScript } from "@/lib/services/machines/agent-ipxe";

/** No credential: iPXE cannot authenticate. See agent-ipxe.ts for why, and how it is fenced in. */
export const GET = withApi(endpoints.bootIpxe, async ({ req, query, requestId }) =>
  new Response(await ipxeScript(query, requestId, clientAddress(req)), { headers: { "content-type": "text/plain; charset=utf-8" } }));

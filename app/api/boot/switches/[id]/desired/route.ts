import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { waitForDesired } from "@/lib/services/switches/desired";

/** Long poll: ends early when the agent hangs up (req.signal). */
export const GET = withApi(endpoints.bootSwitchDesired, async ({ agent, params, query, req }) =>
  waitForDesired(agent, params.id, { known: query.known, timeoutMs: query.timeoutSeconds * 1000, signal: req.signal }));

import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { waitForInstall } from "@/lib/services/machines/agent-wait";

/** Long poll: ends early when the agent hangs up (req.signal). */
export const GET = withApi(endpoints.bootWait, async ({ agent, params, query, req }) =>
  waitForInstall(agent, params.id, { timeoutMs: query.timeoutSeconds * 1000, signal: req.signal }));

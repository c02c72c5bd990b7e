import { createHash, timingSafeEqual } from "node:crypto";
import { authenticate } from "@/lib/auth/authenticate";
import { isAdmin } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { ForbiddenError, UnauthorizedError } from "@/lib/http/errors";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Who may scrape: a Prometheus configured with METRICS_TOKEN (a shared secret for a scraper that
 * has no user), or an operator (admin viewer or editor) with an API token. Metrics name partitions,
 * networks and counts across tenants, so tenants never see them.
 */
export async function assertMetricsReader(req: Request): Promise<void> {
  const configured = getEnv().metrics.token;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (configured && bearer && timingSafeEqual(digest(bearer), digest(configured))) return;
  const principal = await authenticate(req, "token");
  if (!principal) throw new UnauthorizedError("Metrics need an operator API token or METRICS_TOKEN.");
  if (!isAdmin(principal.grants, "viewer")) throw new ForbiddenError("Metrics are for operators.");
}

import { count, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { ips, networks, projects, type Quotas } from "@/lib/db/schema";
import { ConflictError } from "@/lib/http/errors";

/**
 * A project's quotas as the caller read them earlier in the same transaction (an allocation
 * reads its project once instead of once per check). As with the unlocked read these functions
 * make otherwise, a quota set by a concurrent transaction applies from the next mutation on.
 */
export type KnownProject = { quotas: Quotas; name: string };

/**
 * Enforces a project quota inside the caller's transaction, for `adding` more (an allocation
 * checks all its addresses at once). Only a project with a quota is locked (so the count cannot
 * race); unlimited projects take no lock and stay concurrent.
 */
export async function assertQuota(tx: Executor, projectId: string, kind: "networks" | "ips", known?: KnownProject, adding = 1): Promise<void> {
  const [p] = known ? [known] : await tx.select({ quotas: projects.quotas, name: projects.name }).from(projects).where(eq(projects.id, projectId)).limit(1);
  const limit = p?.quotas[kind];
  if (limit === undefined || limit === null) return;
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("update");
  const [{ n }] = kind === "networks"
    ? await tx.select({ n: count() }).from(networks).where(eq(networks.projectId, projectId))
    : await tx.select({ n: count() }).from(ips).where(eq(ips.projectId, projectId));
  if (n + adding > limit) throw new ConflictError(`Project ${p.name} has reached its quota of ${limit} ${kind === "ips" ? "IP addresses" : "networks"}.`, "quota_exceeded", { quota: { kind, limit, used: n } });
}

/**
 * Lock order (lib/services/README.md): a project's row comes before any machine row. An
 * allocation locks its project here, when the project has a machine or IP quota, before it
 * claims a machine; the quota checks later in the transaction then hold the lock already.
 */
export async function lockProjectForQuotas(tx: Executor, projectId: string, kinds: ("machines" | "networks" | "ips")[], known?: KnownProject): Promise<void> {
  const [p] = known ? [known] : await tx.select({ quotas: projects.quotas }).from(projects).where(eq(projects.id, projectId)).limit(1);
  if (!kinds.some((k) => p?.quotas[k] !== undefined && p?.quotas[k] !== null)) return;
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("update");
}

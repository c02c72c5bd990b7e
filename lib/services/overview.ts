import { and, count, desc, eq, isNotNull, type SQL, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { isAdmin } from "@/lib/auth/permissions";
import { type MachineIssue, machineIssues } from "@/lib/contracts/machines";
import { getDb } from "@/lib/db/client";
import { auditEntries, ips, machineAllocations, machineProvisioning, machines, networks } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/http/errors";
import { getPartitionCapacity } from "./catalog/capacity";
import { listPartitions } from "./catalog/partitions";
import { issueCondition } from "./machines/list-filters";
import { getProject } from "./projects";

/**
 * The numbers behind the two home pages, each in a few grouped queries (no list is walked):
 * the operator's fleet (state × partition, issue counts, capacity per partition and size,
 * recent audit) and a project's summary (machines by state, IP/network/machine usage against
 * quotas, its recent activity). Pages call these from the server; nothing here is an API route.
 */
export type Activity = { id: number; time: string; actor: string; action: string; targetType: string; targetId: string };

export async function operatorOverview(actor: Actor) {
  if (!isAdmin(actor.principal.grants)) throw new ForbiddenError("Only operators see the fleet overview.");
  const db = await getDb();
  const fleet = await db.select({ partitionId: machines.partitionId, state: machines.provisioningState, n: count() })
    .from(machines).groupBy(machines.partitionId, machines.provisioningState);
  const counts: Record<string, SQL<number>> = Object.fromEntries(machineIssues.map((i) => [i, sql<number>`count(*) filter (where ${issueCondition(i)})`.mapWith(Number)]));
  // The same joins as the machine lists: issue conditions may read the provisioning or the allocation.
  const [issueRow] = await db.select(counts).from(machines)
    .leftJoin(machineAllocations, eq(machineAllocations.machineId, machines.id))
    .leftJoin(machineProvisioning, eq(machineProvisioning.machineId, machines.id));
  const partitions = (await listPartitions(actor, { limit: 100 })).items;
  const capacity = await Promise.all(partitions.map((p) => getPartitionCapacity(actor, p.id)));
  return {
    fleet,
    issues: machineIssues.map((issue: MachineIssue) => ({ issue, count: Number(issueRow?.[issue] ?? 0) })),
    capacity: capacity.map((c, i) => ({ ...c, name: partitions[i].name || partitions[i].id })),
    activity: await recentActivity(undefined),
  };
}

async function recentActivity(projectId: string | undefined, limit = 8): Promise<Activity[]> {
  const db = await getDb();
  const rows = await db.select({ id: auditEntries.id, time: auditEntries.time, actor: auditEntries.actorName, action: auditEntries.action, targetType: auditEntries.targetType, targetId: auditEntries.targetId })
    .from(auditEntries).where(projectId ? eq(auditEntries.projectId, projectId) : undefined).orderBy(desc(auditEntries.id)).limit(limit);
  return rows.map((r) => ({ ...r, time: r.time.toISOString() }));
}

/** A project the caller may read (getProject answers 404 otherwise): what is in it and how full it is. */
export async function projectOverview(actor: Actor, projectId: string) {
  const project = await getProject(actor, projectId);
  const db = await getDb();
  const byState = await db.select({ state: machines.provisioningState, n: count() }).from(machines)
    .where(eq(machines.projectId, projectId)).groupBy(machines.provisioningState);
  const [ipCount] = await db.select({ n: count() }).from(ips).where(eq(ips.projectId, projectId));
  const [netCount] = await db.select({ n: count() }).from(networks).where(and(eq(networks.projectId, projectId), isNotNull(networks.projectId)));
  const machineCount = byState.reduce((n, s) => n + s.n, 0);
  return {
    project,
    byState,
    usage: [
      { kind: "Machines", used: machineCount, quota: project.quotas.machines ?? null },
      { kind: "IPs", used: ipCount.n, quota: project.quotas.ips ?? null },
      { kind: "Networks", used: netCount.n, quota: project.quotas.networks ?? null },
    ],
    // Who did what, without the before/after snapshots: those stay in the operators' audit log.
    activity: await recentActivity(projectId),
  };
}

export type OperatorOverview = Awaited<ReturnType<typeof operatorOverview>>;
export type ProjectOverview = Awaited<ReturnType<typeof projectOverview>>;

import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { machineProvisioning, machines } from "@/lib/db/schema";
import {
  applyEvent,
  emptyContainer,
  provisioningContainerSchema,
  type ProvisioningContainer,
  type StoredEventType,
} from "@/lib/domain/lifecycle";

/**
 * Events the control plane itself records (Machine Reclaim on free, Planned Reboot on
 * reinstall), through the same pure reducer the agent's events go through, so the history and
 * the state columns that capacity and candidate queries filter on never disagree.
 * The caller holds the machine row lock (FOR UPDATE), which also serialises this read-modify-write.
 */
export async function readProvisioning(ex: Executor, machineId: string, lock = false): Promise<ProvisioningContainer> {
  const q = ex.select({ container: machineProvisioning.container }).from(machineProvisioning).where(eq(machineProvisioning.machineId, machineId)).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  return row ? provisioningContainerSchema.parse(row.container) : emptyContainer();
}

export async function recordControlPlaneEvent(tx: Executor, machineId: string, event: Extract<StoredEventType, "Machine Reclaim" | "Planned Reboot">, message: string, now = new Date()): Promise<ProvisioningContainer> {
  const before = await readProvisioning(tx, machineId, true);
  const { container } = applyEvent(before, { event, time: now, message });
  const values = {
    container,
    lastEventTime: container.lastEventTime,
    failedReason: container.failed?.reason ?? null,
    updatedAt: now,
  };
  await tx.insert(machineProvisioning).values({ machineId, ...values })
    .onConflictDoUpdate({ target: machineProvisioning.machineId, set: values });
  await tx.update(machines).set({
    provisioningState: container.state,
    crashLoop: container.crashLoop,
    failedReclaim: container.failedReclaim,
    updatedAt: now,
  }).where(eq(machines.id, machineId));
  return container;
}

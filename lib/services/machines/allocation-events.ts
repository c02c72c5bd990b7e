import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { machines } from "@/lib/db/schema";
import { applyEvent, type ProvisioningContainer, type StoredEventType } from "@/lib/domain/lifecycle";
import { lockContainer, saveContainer } from "./events";

/**
 * Events the control plane itself records (Machine Reclaim on free, Planned Reboot on
 * reinstall), through the same pure reducer and the same locked read/write as the agent's
 * events, so the history and the state columns that capacity and candidate queries filter on
 * never disagree. Unlike an agent event, it is no sign of life: liveliness is left alone.
 *
 * Lock order (lib/services/README.md): the machines row, then its provisioning row — as agent
 * events take them. Free, reinstall and power hold the machines row already; the lab's
 * planned-reboot recording does not, and used to lock provisioning first (a deadlock with an
 * agent event of the same machine).
 */
export async function recordControlPlaneEvent(tx: Tx, machineId: string, event: Extract<StoredEventType, "Machine Reclaim" | "Planned Reboot">, message: string, now = new Date()): Promise<ProvisioningContainer> {
  await tx.select({ id: machines.id }).from(machines).where(eq(machines.id, machineId)).limit(1).for("no key update");
  const before = await lockContainer(tx, machineId);
  const { container } = applyEvent(before, { event, time: now, message });
  await saveContainer(tx, machineId, container, now);
  await tx.update(machines).set({
    provisioningState: container.state,
    crashLoop: container.crashLoop,
    failedReclaim: container.failedReclaim,
    updatedAt: now,
  }).where(eq(machines.id, machineId));
  return container;
}

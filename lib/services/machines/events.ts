import { eq } from "drizzle-orm";
import type { MachineEventResultDto } from "@/lib/contracts/agent";
import type { Tx } from "@/lib/db/client";
import { machineProvisioning, machines } from "@/lib/db/schema";
import {
  applyEvent,
  emptyContainer,
  provisioningContainerSchema,
  type LifecycleEffect,
  type ProvisioningContainer,
  type ProvisioningEventType,
} from "@/lib/domain/lifecycle";
import { NotFoundError } from "@/lib/http/errors";
import { notifyMachineChanged } from "./notify";

/**
 * Per-machine provisioning events: load the lifecycle container, apply the event with the pure
 * FSM (lib/domain/lifecycle), save the container and mirror what lists filter on into the
 * machines row. Events write no audit entries: the event log is the machine's own history.
 *
 * Lock order, for every writer of a machine's lifecycle: the machines row, then its
 * machine_provisioning row. Allocation and free lock the machines row first too, so a free that
 * records "Machine Reclaim" and an agent event arriving at the same moment cannot deadlock.
 */
export type MachineEvent = { event: ProvisioningEventType; message?: string };

/** The stored container, locked FOR UPDATE so that concurrent events of one machine serialise. */
export async function lockContainer(t: Tx, machineId: string): Promise<ProvisioningContainer> {
  const select = () => t.select({ container: machineProvisioning.container }).from(machineProvisioning)
    .where(eq(machineProvisioning.machineId, machineId)).limit(1).for("update");
  let [row] = await select();
  if (!row) {
    // A machine known without registration (PXE-booting, or inserted by an operator) starts empty.
    await t.insert(machineProvisioning).values({ machineId, container: emptyContainer() }).onConflictDoNothing();
    [row] = await select();
  }
  const parsed = provisioningContainerSchema.safeParse(row.container);
  if (!parsed.success) throw new Error(`machine ${machineId}: stored provisioning container is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/** Writes a container read with lockContainer back, with the columns sweeps and queries filter on. */
export async function saveContainer(t: Tx, machineId: string, container: ProvisioningContainer, now: Date): Promise<void> {
  await t.update(machineProvisioning).set({
    container,
    lastEventTime: container.lastEventTime,
    failedReason: container.failed?.reason ?? null,
    updatedAt: now,
  }).where(eq(machineProvisioning.machineId, machineId));
}

function outcomeOf(effects: LifecycleEffect[]): MachineEventResultDto["outcome"] {
  if (effects.some((e) => e.kind === "ignored")) return "ignored";
  if (effects.some((e) => e.kind === "invalidTransition")) return "unexpected";
  if (effects.some((e) => e.kind === "recorded")) return "recorded";
  return "refreshed";
}

function resultOf(machineId: string, c: ProvisioningContainer, outcome: MachineEventResultDto["outcome"]): MachineEventResultDto {
  return { machineId, outcome, state: c.state, crashLoop: c.crashLoop, failedReclaim: c.failedReclaim, lastEventTime: c.lastEventTime?.toISOString() ?? null };
}

/**
 * Applies one event in the caller's transaction. Never throws for an unexpected event: the FSM
 * records it, flagged (crash-loop evidence). Unknown machine → 404.
 */
export async function recordMachineEvent(t: Tx, machineId: string, input: MachineEvent, now: Date = new Date()): Promise<MachineEventResultDto> {
  const [machine] = await t.select({ liveliness: machines.liveliness }).from(machines).where(eq(machines.id, machineId)).limit(1).for("no key update");
  if (!machine) throw new NotFoundError("Machine", machineId);
  const before = await lockContainer(t, machineId);
  const { container, effects } = applyEvent(before, { event: input.event, time: now, message: input.message });
  const outcome = outcomeOf(effects);
  if (outcome === "ignored") return resultOf(machineId, container, outcome);

  await saveContainer(t, machineId, container, now);

  const heartbeat = input.event === "Alive";
  // A heartbeat every minute from every machine must not rewrite the machines row (and wake
  // every listener) each time: only when it brings the machine back to life.
  if (!heartbeat || machine.liveliness !== "Alive") {
    await t.update(machines).set(heartbeat
      ? { liveliness: "Alive", updatedAt: now }
      : { provisioningState: container.state, crashLoop: container.crashLoop, failedReclaim: container.failedReclaim, liveliness: "Alive", updatedAt: now },
    ).where(eq(machines.id, machineId));
    await notifyMachineChanged(t, machineId);
  }
  return resultOf(machineId, container, outcome);
}

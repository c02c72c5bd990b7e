import { eq } from "drizzle-orm";
import { can } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/principal";
import type { ReenrollDto } from "@/lib/contracts/machines";
import type { Executor } from "@/lib/db/client";
import { machineProvisioning } from "@/lib/db/schema";
import { emptyContainer } from "@/lib/domain/lifecycle";
import { ForbiddenError } from "@/lib/http/errors";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import { getReadableMachine, machineAudit } from "./machines";
import { notifyMachineChanged } from "./notify";

/**
 * An operator's "re-enroll" (issue 10 item 2): a known machine that lost its machine credential
 * (board swapped, NVRAM cleared) may register once more with the partition boot credential,
 * within the window. The registration consumes it (agent-register.ts); audited both ways.
 */
export async function allowReenrollment(actor: Actor, machineId: string, windowMinutes: number, tx?: Executor): Promise<ReenrollDto> {
  return inTx(tx, async (t) => {
    const machine = await getReadableMachine(t, actor, machineId, true);
    if (!can(actor.principal.grants, "infra.write", { kind: "global" })) throw new ForbiddenError("Only operators allow a machine to re-enroll.");
    const until = new Date(Date.now() + windowMinutes * 60_000);
    await t.insert(machineProvisioning).values({ machineId, container: emptyContainer(), reenrollUntil: until })
      .onConflictDoUpdate({ target: machineProvisioning.machineId, set: { reenrollUntil: until, updatedAt: new Date() } });
    await recordAudit(t, actor, { action: "machine.reenroll.allow", ...machineAudit(machine), after: { reenrollUntil: until.toISOString(), windowMinutes } });
    await notifyMachineChanged(t, machineId);
    return { machineId, reenrollUntil: until.toISOString() };
  });
}

/** When the pending re-enrollment of a machine expires, if there is one. */
export async function pendingReenrollment(ex: Executor, machineId: string): Promise<Date | null> {
  const [row] = await ex.select({ until: machineProvisioning.reenrollUntil }).from(machineProvisioning).where(eq(machineProvisioning.machineId, machineId)).limit(1);
  return row?.until && row.until > new Date() ? row.until : null;
}

import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { machineAllocations, machines } from "@/lib/db/schema";
import { ConflictError } from "@/lib/http/errors";

export type AllocationRow = typeof machineAllocations.$inferSelect;

/**
 * The machine's current install, when `generation` names it; 409 `stale_allocation` otherwise.
 *
 * An installer that is still running after its allocation was freed (the BMC's reset has not
 * reached the machine yet) must not report onto the machine's next allocation, nor a first
 * install onto the reinstall that replaced it: each allocation and each reinstall has its own
 * generation, and every agent message about an install names it.
 *
 * Locks the machines row first (lock order, lib/services/README.md): allocate, free and
 * reinstall hold it while they change the allocation, so the answer stays true until commit.
 */
export async function lockCurrentInstall(t: Tx, machineId: string, generation: number): Promise<AllocationRow> {
  await t.select({ id: machines.id }).from(machines).where(eq(machines.id, machineId)).limit(1).for("no key update");
  const [current] = await t.select().from(machineAllocations).where(eq(machineAllocations.machineId, machineId)).limit(1).for("update");
  if (current?.generation === generation) return current;
  const now = current ? `its current install is generation ${current.generation}` : "it is not allocated now";
  throw new ConflictError(
    `Install generation ${generation} is no longer machine ${machineId}'s (${now}): the machine was freed, allocated again or reinstalled since. Stop this install.`,
    "stale_allocation",
    { current: current?.generation ?? null },
  );
}

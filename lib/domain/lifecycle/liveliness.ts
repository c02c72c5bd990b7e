import { z } from "zod";
import { formatDuration } from "./duration";

export const LIVELINESS = ["Alive", "Dead", "Unknown"] as const;
export const machineLiveliness = z.enum(LIVELINESS);
export type MachineLiveliness = z.infer<typeof machineLiveliness>;

export const MACHINE_CONDITIONS = ["AVAILABLE", "TAINTED", "LOCKED"] as const;
export type MachineCondition = (typeof MACHINE_CONDITIONS)[number];

export const DEAD_AFTER_MS = 5 * 60_000;
export const RESURRECT_AFTER_MS = 60 * 60_000;

/**
 * DOMAIN §3.1: no event for more than 5 min → Dead if unallocated, Unknown if allocated.
 * An allocated machine runs the tenant's OS, whose phone-home the tenant may have switched off,
 * so silence there proves nothing. A machine never heard from counts as silent ("no event for
 * > 5 min" holds), so an unallocated one can still become Dead and be cleaned up.
 * Exactly deadAfterMs of silence is still Alive ("more than").
 */
export function liveliness(
  machine: { lastEventTime: Date | null | undefined; allocated: boolean },
  now: Date,
  deadAfterMs: number = DEAD_AFTER_MS,
): MachineLiveliness {
  const t = machine.lastEventTime;
  if (t && now.getTime() - t.getTime() <= deadAfterMs) return "Alive";
  return machine.allocated ? "Unknown" : "Dead";
}

/**
 * When a silent machine became Dead: the moment its silence passed deadAfterMs. Derived, so
 * the liveliness sweep need not store anything and a missed sweep cannot shift the clock.
 * (metal-stack measures resurrection from the last event itself, i.e. 5 min earlier.)
 */
export function deadSince(lastEventTime: Date | null | undefined, deadAfterMs: number = DEAD_AFTER_MS): Date | null {
  return lastEventTime ? new Date(lastEventTime.getTime() + deadAfterMs) : null;
}

export type ResurrectionReason = { reason: "dead" | "failed-reclaim"; message: string };

/**
 * DOMAIN §3.1 resurrection: free the machine again (PXE + reset). Returns why, or null.
 * - LOCKED: an operator holds the machine on purpose (repair, investigation); never touch it.
 * - Allocated: resurrecting means freeing, which would wipe a tenant's machine. metal-stack
 *   skips allocated machines for both reasons too; a failed reclaim only happens after a free.
 * - Dead without a known deadSince: we cannot say for how long, so wait for the next sweep.
 */
export function needsResurrection(
  machine: {
    liveliness: MachineLiveliness;
    deadSince?: Date | null;
    allocated: boolean;
    condition: MachineCondition;
    failedReclaim: boolean;
  },
  now: Date,
  afterMs: number = RESURRECT_AFTER_MS,
): ResurrectionReason | null {
  if (machine.condition === "LOCKED" || machine.allocated) return null;
  if (machine.failedReclaim) {
    return { reason: "failed-reclaim", message: "booted its old OS instead of PXE after being freed" };
  }
  const since = machine.deadSince;
  if (machine.liveliness === "Dead" && since && now.getTime() - since.getTime() > afterMs) {
    return { reason: "dead", message: `dead for more than ${formatDuration(afterMs)}` };
  }
  return null;
}

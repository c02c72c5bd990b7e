import { LIFECYCLE_STATES, type LifecycleState } from "@/lib/domain/lifecycle/events";
import { transition } from "@/lib/domain/lifecycle/transitions";

/**
 * Whether a reset or cycle someone asks for is recorded as "Planned Reboot" before it runs (as a
 * reinstall is): exactly when the state does not already expect the machine to boot, i.e. when
 * the boot report that follows (PXE Booting) would otherwise be flagged as crash-loop evidence
 * — a free machine in Waiting would leave the pool for good — and the OS of a Phoned Home
 * machine phoning home again would be swallowed as a repeat, leaving no trace of the reboot.
 * After a free, a crash or a planned reboot the boot is expected (and Machine Reclaim must stay,
 * or a failed reclaim would go unnoticed).
 */
export function rebootNeedsPlanning(state: string): boolean {
  if (!(LIFECYCLE_STATES as readonly string[]).includes(state)) return false;
  return transition(state as LifecycleState, "PXE Booting").kind !== "ok";
}

import { LIFECYCLE_STATES, type LifecycleState, type ProvisioningEventType, type StoredEventType } from "./events";

/**
 * The transition table of DOMAIN §3.1, "valid from" column, and nothing else: the time-based
 * rules (failed reclaim, late Phoned Home) live in the reducer, so this table can be read
 * side by side with the DOMAIN table.
 *
 * - ok: valid; the event is stored and becomes the state (the state is named after the event).
 * - repeat: valid, but the machine stays where it is and nothing new is stored; only the
 *   time of the last sign of life may move.
 * - invalid: not expected from this state (the reducer still records it, flagged).
 */
export type Transition = { kind: "ok"; next: StoredEventType } | { kind: "repeat" } | { kind: "invalid" };

const ANY = LIFECYCLE_STATES;

type Rule = { ok: readonly LifecycleState[]; repeat?: readonly LifecycleState[] };

const VALID_FROM: Record<ProvisioningEventType, Rule> = {
  "PXE Booting": {
    ok: ["Initial", "Planned Reboot", "Machine Reclaim", "Crashed"],
    // DHCP/iPXE retries send PXE Booting again and again; history would fill with noise.
    repeat: ["PXE Booting"],
  },
  // Also valid without a PXE Booting first: some machines cannot report their PXE boot.
  Preparing: { ok: ["PXE Booting", "Planned Reboot", "Machine Reclaim", "Crashed", "Initial"] },
  Registering: { ok: ["Preparing"] },
  Waiting: { ok: ["Registering"] },
  // From Registering: a reinstall or an allocation by machine id skips the wait.
  Installing: { ok: ["Registering", "Waiting"] },
  "Booting New Kernel": { ok: ["Installing"] },
  "Phoned Home": {
    ok: ["Booting New Kernel", "Planned Reboot"],
    // Phoned Home repeats every minute. In Machine Reclaim it is valid but never moves the
    // state: it comes from the old OS that was told to go down (metal-stack swallows it); the
    // reducer turns a late one into failedReclaim.
    repeat: ["Phoned Home", "Machine Reclaim"],
  },
  // Every planned reboot and every free is a fact worth its own history entry, so a second
  // one in a row is stored again (as metal-stack does), not collapsed into a repeat.
  "Planned Reboot": { ok: ANY },
  "Machine Reclaim": { ok: ANY },
  Crashed: { ok: ["PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel"] },
  // The heartbeat is never stored and never changes the state.
  Alive: { ok: [], repeat: ANY },
};

export function transition(state: LifecycleState, event: ProvisioningEventType): Transition {
  const rule = VALID_FROM[event];
  if (rule.repeat?.includes(state)) return { kind: "repeat" };
  // Alive has no ok-states, so this narrowing is safe.
  if (rule.ok.includes(state) && event !== "Alive") return { kind: "ok", next: event };
  return { kind: "invalid" };
}

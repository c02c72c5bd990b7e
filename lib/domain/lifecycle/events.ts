import { z } from "zod";
import { repairsText, repairText } from "../text";

/**
 * Provisioning events of DOMAIN §3.1. The strings are metal-stack's own, so an agent or a
 * dashboard that speaks metal-stack's vocabulary reads ours unchanged.
 */
export const PROVISIONING_EVENTS = [
  "PXE Booting",
  "Preparing",
  "Registering",
  "Waiting",
  "Installing",
  "Booting New Kernel",
  "Phoned Home",
  "Planned Reboot",
  "Machine Reclaim",
  "Crashed",
  "Alive",
] as const;

export const provisioningEventType = z.enum(PROVISIONING_EVENTS);
export type ProvisioningEventType = z.infer<typeof provisioningEventType>;

/** Every event except the heartbeat is kept in the history and names the state it leads to. */
export const STORED_EVENTS = PROVISIONING_EVENTS.filter(
  (e): e is Exclude<ProvisioningEventType, "Alive"> => e !== "Alive",
);
export type StoredEventType = Exclude<ProvisioningEventType, "Alive">;

/**
 * Lifecycle states: "Initial" (nothing heard yet) plus one state per stored event, named after
 * it. metal-stack does the same (it calls the Crashed state "Crashing"); keeping the names equal
 * means the newest stored event always names the state, so the state can be checked against
 * the history and never drifts from it.
 */
export const LIFECYCLE_STATES = ["Initial", ...STORED_EVENTS] as const;
export const lifecycleState = z.enum(LIFECYCLE_STATES);
export type LifecycleState = "Initial" | StoredEventType;

/** Longest message kept per event; a crashing agent may send a whole stack trace. */
export const MAX_EVENT_MESSAGE_LENGTH = 2000;

/**
 * Truncate and repair rather than reject: a Crashed event with a long message is exactly the
 * event an operator needs, and a 422 would lose it. Repairing after the cut also mends a
 * surrogate pair the cut split (a lone surrogate cannot be stored).
 */
export function clampMessage(message: string): string {
  return repairText(message.length > MAX_EVENT_MESSAGE_LENGTH ? `${message.slice(0, MAX_EVENT_MESSAGE_LENGTH - 1)}…` : message);
}

/**
 * What an agent (or the boot service) sends. No time field: the server stamps the receive time,
 * as metal-stack does, because machine clocks are unset or wrong while PXE booting.
 */
export const provisioningEventInput = z.object({
  event: provisioningEventType,
  message: repairsText(z.string().transform(clampMessage)).optional(),
});
export type ProvisioningEventInput = z.infer<typeof provisioningEventInput>;

import { z } from "zod";
import { lifecycleState, provisioningEventType, type LifecycleState, type StoredEventType } from "./events";

/** metal-stack keeps the last 100 events per machine (DOMAIN §8); older ones are dropped. */
export const MAX_STORED_EVENTS = 100;

export type StoredProvisioningEvent = {
  time: Date;
  event: StoredEventType;
  message: string;
  /**
   * Set when the event was not valid from the state it arrived in: that state. A field rather
   * than metal-stack's "[unexpectedly received in …]" message prefix, so the agent's message
   * stays verbatim and the timeline can highlight the event without parsing text.
   */
  unexpectedIn?: LifecycleState;
};

/** A visible failure: the machine stayed in a transitional state longer than its timeout. */
export type LifecycleFailure = { reason: string; since: Date };

/**
 * Everything the lifecycle knows about one machine. Invariant kept by applyEvent: `state` is
 * the event of `events[0]` ("Initial" when the list is empty), so the history alone explains
 * the state.
 */
export type ProvisioningContainer = {
  state: LifecycleState;
  /** Newest first, at most MAX_STORED_EVENTS. */
  events: StoredProvisioningEvent[];
  /** Last sign of life; moves on repeats and heartbeats that are not stored. */
  lastEventTime: Date | null;
  lastErrorEvent?: StoredProvisioningEvent;
  crashLoop: boolean;
  failedReclaim: boolean;
  failed?: LifecycleFailure;
};

export function emptyContainer(): ProvisioningContainer {
  return { state: "Initial", events: [], lastEventTime: null, crashLoop: false, failedReclaim: false };
}

const storedEventType = provisioningEventType.exclude(["Alive"]);

const storedProvisioningEvent = z.object({
  time: z.coerce.date(),
  event: storedEventType,
  message: z.string(),
  unexpectedIn: lifecycleState.optional(),
});

/**
 * Schema for reading a container back from JSON (jsonb column, API response): dates arrive as
 * strings. The refinement rejects a container whose state disagrees with its newest event, which
 * would otherwise make every later transition be judged from the wrong state.
 */
export const provisioningContainerSchema = z
  .object({
    state: lifecycleState,
    events: z.array(storedProvisioningEvent).max(MAX_STORED_EVENTS),
    lastEventTime: z.coerce.date().nullable(),
    lastErrorEvent: storedProvisioningEvent.optional(),
    crashLoop: z.boolean(),
    failedReclaim: z.boolean(),
    failed: z.object({ reason: z.string(), since: z.coerce.date() }).optional(),
  })
  .refine((c) => c.state === (c.events[0]?.event ?? "Initial"), {
    message: "state must be the newest event's (Initial when there are none)",
    path: ["state"],
  });

/** When the machine entered its current state: the newest stored event (repeats don't move it). */
export function stateSince(container: ProvisioningContainer): Date | null {
  return container.events[0]?.time ?? null;
}

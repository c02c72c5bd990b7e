import {
  MAX_STORED_EVENTS,
  type LifecycleFailure,
  type ProvisioningContainer,
  type StoredProvisioningEvent,
} from "./container";
import type { LifecycleState, ProvisioningEventType, StoredEventType } from "./events";
import { transition } from "./transitions";

export { transition, type Transition } from "./transitions";

export type IncomingEvent = { event: ProvisioningEventType; time: Date; message?: string };

/** What the caller must do besides saving the container (notify the timeline, log, …). */
export type LifecycleEffect =
  | { kind: "recorded"; event: StoredProvisioningEvent }
  | { kind: "stateChanged"; from: LifecycleState; to: LifecycleState }
  | { kind: "liveliness"; liveliness: "Alive"; at: Date }
  | { kind: "invalidTransition"; from: LifecycleState; event: StoredEventType }
  | { kind: "crashLoop"; crashLoop: boolean }
  | { kind: "failedReclaim"; failedReclaim: boolean }
  | { kind: "failureCleared"; failure: LifecycleFailure }
  | { kind: "ignored"; reason: "phoned-home-during-reclaim" | "buffered-phoned-home" };

export type ApplyEventOptions = {
  maxEvents?: number;
  /** A Phoned Home later than this after the last event in Machine Reclaim = failed reclaim. */
  failedReclaimAfterMs?: number;
  /** A Phoned Home sooner than this while the agent runs is a late message from the old OS. */
  bufferedPhonedHomeMs?: number;
};

export type ApplyEventResult = { container: ProvisioningContainer; effects: LifecycleEffect[] };

const FIVE_MINUTES = 5 * 60_000;
const DEFAULTS: Required<ApplyEventOptions> = {
  maxEvents: MAX_STORED_EVENTS,
  failedReclaimAfterMs: FIVE_MINUTES,
  bufferedPhonedHomeMs: FIVE_MINUTES,
};

/** States in which the machine runs our agent, not its installed OS. */
const AGENT_STATES: ReadonlySet<LifecycleState> = new Set(["PXE Booting", "Preparing", "Registering", "Waiting"]);
const CLEARS_CRASH_LOOP: ReadonlySet<ProvisioningEventType> = new Set(["Phoned Home", "Planned Reboot", "Machine Reclaim"]);
// metal-stack also clears on Preparing: machines that cannot report PXE Booting still prove
// with Preparing that the reclaim reached our agent.
const CLEARS_FAILED_RECLAIM: ReadonlySet<ProvisioningEventType> = new Set(["PXE Booting", "Preparing"]);

/**
 * Apply one event to a machine's lifecycle. Pure: returns a new container (or the same object
 * when the event is ignored) and the effects.
 *
 * Invalid transitions are recorded and ACCEPTED as the new state, flagged (unexpectedIn,
 * lastErrorEvent, an invalidTransition effect). The event is what the machine really did: a
 * machine that sends PXE Booting while Installing has rebooted, whatever we expected. Dropping
 * it would leave us judging every later event from a state the machine has left, so each of
 * them would be "invalid" too. metal-stack ends up at the same place implicitly (it stores the
 * event and derives the state from the newest one); we say so explicitly and keep `state` and
 * `events[0]` equal.
 */
export function applyEvent(
  container: ProvisioningContainer,
  incoming: IncomingEvent,
  options: ApplyEventOptions = {},
): ApplyEventResult {
  const o = { ...DEFAULTS, ...options };
  const ignored = ignoreReason(container, incoming, o);
  if (ignored) return { container, effects: [{ kind: "ignored", reason: ignored }] };
  if (incoming.event === "Phoned Home" && container.state === "Machine Reclaim") return failedReclaim(container, incoming);

  const { event } = incoming;
  const t = transition(container.state, event);
  if (t.kind === "repeat" || event === "Alive") return touch(container, incoming);
  return record(container, { ...incoming, event }, t.kind === "invalid", o.maxEvents);
}

/**
 * Two Phoned Home events that are not news (metal-stack swallows both, without even moving the
 * time — moving it would hide a failed reclaim, see failedReclaim):
 * - in Machine Reclaim within the threshold: the old OS, told to go down, reports once more;
 * - while our agent runs and something was heard within the threshold: a message the old OS
 *   sent before it went down, delivered late. (The agent's heartbeat counts, so a Phoned Home
 *   while the agent is demonstrably alive is always stale: a machine runs one OS at a time.)
 */
function ignoreReason(c: ProvisioningContainer, e: IncomingEvent, o: Required<ApplyEventOptions>) {
  if (e.event !== "Phoned Home") return null;
  const gap = c.lastEventTime ? e.time.getTime() - c.lastEventTime.getTime() : null;
  if (c.state === "Machine Reclaim" && (gap === null || gap <= o.failedReclaimAfterMs)) return "phoned-home-during-reclaim";
  if (AGENT_STATES.has(c.state) && gap !== null && gap < o.bufferedPhonedHomeMs) return "buffered-phoned-home";
  return null;
}

/**
 * Phoned Home long after Machine Reclaim: the machine booted its old OS from disk instead of
 * PXE, so it was never wiped. Flag it (resurrection frees it again) and keep the state: the
 * machine is still owed a reclaim. Not stored in the history, so `events[0]` stays the
 * Machine Reclaim that started the clock; lastErrorEvent and the flag make it visible.
 */
function failedReclaim(c: ProvisioningContainer, e: IncomingEvent): ApplyEventResult {
  const effects: LifecycleEffect[] = [aliveAt(e.time)];
  if (!c.failedReclaim) effects.push({ kind: "failedReclaim", failedReclaim: true });
  const errorEvent: StoredProvisioningEvent = { time: e.time, event: "Phoned Home", message: e.message ?? "" };
  return {
    container: { ...c, lastEventTime: latest(c.lastEventTime, e.time), failedReclaim: true, lastErrorEvent: errorEvent },
    effects,
  };
}

/** Heartbeats and repeats: proof of life only. The state clock (events[0].time) stays put, so a
 * machine looping in PXE Booting still runs into its timeout. */
function touch(c: ProvisioningContainer, e: IncomingEvent): ApplyEventResult {
  const effects: LifecycleEffect[] = [aliveAt(e.time)];
  const next = { ...c, lastEventTime: latest(c.lastEventTime, e.time), ...flags(c, e.event, false, effects) };
  return { container: next, effects };
}

function record(
  c: ProvisioningContainer,
  e: IncomingEvent & { event: StoredEventType },
  invalid: boolean,
  maxEvents: number,
): ApplyEventResult {
  const stored: StoredProvisioningEvent = {
    time: e.time,
    event: e.event,
    message: e.message ?? "",
    ...(invalid ? { unexpectedIn: c.state } : {}),
  };
  const effects: LifecycleEffect[] = [{ kind: "recorded", event: stored }];
  if (invalid) effects.push({ kind: "invalidTransition", from: c.state, event: e.event });
  if (c.state !== e.event) effects.push({ kind: "stateChanged", from: c.state, to: e.event });
  effects.push(aliveAt(e.time));
  // Any stored event restarts the state clock, so a timeout failure no longer describes the machine.
  if (c.failed) effects.push({ kind: "failureCleared", failure: c.failed });

  const next: ProvisioningContainer = {
    ...c,
    state: e.event,
    events: [stored, ...c.events].slice(0, maxEvents),
    lastEventTime: latest(c.lastEventTime, e.time),
    lastErrorEvent: invalid || e.event === "Crashed" ? stored : c.lastErrorEvent,
    ...flags(c, e.event, invalid, effects),
  };
  delete next.failed;
  return { container: next, effects };
}

/** The crash-loop and failed-reclaim rules of DOMAIN §3.1, for any event that is not ignored. */
function flags(c: ProvisioningContainer, event: ProvisioningEventType, invalid: boolean, effects: LifecycleEffect[]) {
  const unexpectedBoot = invalid && (event === "PXE Booting" || event === "Preparing");
  const crashLoop = event === "Crashed" || unexpectedBoot ? true : CLEARS_CRASH_LOOP.has(event) ? false : c.crashLoop;
  const failedReclaim = CLEARS_FAILED_RECLAIM.has(event) ? false : c.failedReclaim;
  if (crashLoop !== c.crashLoop) effects.push({ kind: "crashLoop", crashLoop });
  if (failedReclaim !== c.failedReclaim) effects.push({ kind: "failedReclaim", failedReclaim });
  return { crashLoop, failedReclaim };
}

function aliveAt(at: Date): LifecycleEffect {
  return { kind: "liveliness", liveliness: "Alive", at };
}

/** lastEventTime never goes backwards, so a late-delivered event cannot make a machine look dead. */
function latest(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

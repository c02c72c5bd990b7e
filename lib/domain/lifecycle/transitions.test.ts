import { describe, expect, it } from "vitest";
import { emptyContainer, type ProvisioningContainer } from "./container";
import { LIFECYCLE_STATES, PROVISIONING_EVENTS, type LifecycleState, type ProvisioningEventType } from "./events";
import { applyEvent, transition } from "./fsm";

/**
 * DOMAIN §3.1's "valid from" column, transcribed by hand into a grid (a different shape from
 * the implementation's per-event lists, so a slip in one does not repeat in the other).
 * ok = valid, the event becomes the state; re = repeat (stays, not stored); -- = invalid.
 * Columns: PXE Booting, Preparing, Registering, Waiting, Installing, Booting New Kernel,
 *          Phoned Home, Planned Reboot, Machine Reclaim, Crashed, Alive.
 */
const COLUMNS = [
  "PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel",
  "Phoned Home", "Planned Reboot", "Machine Reclaim", "Crashed", "Alive",
] as const;
// prettier-ignore
const GRID: Record<string, string> = {
  "Initial":            "ok ok -- -- -- -- -- ok ok -- re",
  "PXE Booting":        "re ok -- -- -- -- -- ok ok ok re",
  "Preparing":          "-- -- ok -- -- -- -- ok ok ok re",
  "Registering":        "-- -- -- ok ok -- -- ok ok ok re",
  "Waiting":            "-- -- -- -- ok -- -- ok ok ok re",
  "Installing":         "-- -- -- -- -- ok -- ok ok ok re",
  "Booting New Kernel": "-- -- -- -- -- -- ok ok ok ok re",
  "Phoned Home":        "-- -- -- -- -- -- re ok ok -- re",
  "Planned Reboot":     "ok ok -- -- -- -- ok ok ok -- re",
  "Machine Reclaim":    "ok ok -- -- -- -- re ok ok -- re",
  "Crashed":            "ok ok -- -- -- -- -- ok ok -- re",
};

function expected(state: LifecycleState, event: ProvisioningEventType): string {
  const row = GRID[state];
  const col = COLUMNS.indexOf(event as (typeof COLUMNS)[number]);
  if (row === undefined || col < 0) throw new Error(`no expectation for (${state}, ${event})`);
  return row.split(" ")[col];
}

const PAIRS = LIFECYCLE_STATES.flatMap((state) => PROVISIONING_EVENTS.map((event) => [state, event] as const));

describe("the grid covers the arrays", () => {
  it("has one row per state and one column per event", () => {
    expect(Object.keys(GRID).sort()).toEqual([...LIFECYCLE_STATES].sort());
    expect([...COLUMNS].sort()).toEqual([...PROVISIONING_EVENTS].sort());
    expect(PAIRS).toHaveLength(11 * 11);
  });
});

describe("transition(state, event) over every pair", () => {
  it.each(PAIRS)("%s + %s", (state, event) => {
    const code = expected(state, event);
    const t = transition(state, event);
    if (code === "ok") expect(t).toEqual({ kind: "ok", next: event });
    else if (code === "re") expect(t).toEqual({ kind: "repeat" });
    else expect(t).toEqual({ kind: "invalid" });
  });
});

const T0 = new Date("2026-01-01T00:00:00Z");
const LATER = new Date(T0.getTime() + 10 * 60_000);

/** A container that entered `state` at T0 and has heard nothing since. */
function inState(state: LifecycleState): ProvisioningContainer {
  if (state === "Initial") return emptyContainer();
  return { ...emptyContainer(), state, events: [{ time: T0, event: state, message: "" }], lastEventTime: T0 };
}

/**
 * The reducer over every pair, 10 min after the last event: past both 5-minute thresholds, so
 * no late Phoned Home is swallowed and the outcome is the table's (invalid = recorded, flagged
 * and accepted; Phoned Home in Machine Reclaim is a repeat that sets failedReclaim).
 */
describe("applyEvent(state, event) over every pair, 10 min later", () => {
  it.each(PAIRS)("%s + %s", (state, event) => {
    const before = inState(state);
    const { container: after, effects } = applyEvent(before, { event, time: LATER, message: "m" });
    const code = expected(state, event);
    expect(after.lastEventTime).toEqual(LATER);
    expect(effects).toContainEqual({ kind: "liveliness", liveliness: "Alive", at: LATER });
    if (code === "re") {
      expect(after.state).toBe(state);
      expect(after.events).toEqual(before.events);
      return;
    }
    expect(after.state).toBe(event);
    expect(after.events).toHaveLength(before.events.length + 1);
    expect(after.events[0]).toMatchObject({ time: LATER, event, message: "m" });
    if (code === "ok") {
      expect(after.events[0].unexpectedIn).toBeUndefined();
      expect(effects.some((e) => e.kind === "invalidTransition")).toBe(false);
    } else {
      expect(after.events[0].unexpectedIn).toBe(state);
      expect(after.lastErrorEvent).toEqual(after.events[0]);
      expect(effects).toContainEqual({ kind: "invalidTransition", from: state, event });
    }
  });
});

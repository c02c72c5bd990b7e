import { describe, expect, it } from "vitest";
import { emptyContainer, type ProvisioningContainer } from "./container";
import { formatDuration } from "./duration";
import type { LifecycleState } from "./events";
import { applyEvent } from "./fsm";
import { DEFAULT_TIMEOUTS, TRANSITIONAL_STATES, markTimedOut, timedOut, timeoutConfigInput } from "./timeouts";

const T0 = new Date("2026-01-01T00:00:00Z").getTime();
const MIN = 60_000;
const at = (ms: number) => new Date(T0 + ms);

function enteredAtT0(state: LifecycleState): ProvisioningContainer {
  if (state === "Initial") return emptyContainer();
  return { ...emptyContainer(), state, events: [{ time: at(0), event: state, message: "" }], lastEventTime: at(0) };
}

/** Written out by hand from the brief, not read from DEFAULT_TIMEOUTS. */
const EXPECTED: [LifecycleState, number, string][] = [
  ["PXE Booting", 10, "PXE Booting for more than 10 min"],
  ["Preparing", 10, "Preparing for more than 10 min"],
  ["Registering", 5, "Registering for more than 5 min"],
  ["Installing", 15, "Installing for more than 15 min"],
  ["Booting New Kernel", 5, "Booting New Kernel for more than 5 min"],
  ["Planned Reboot", 10, "Planned Reboot for more than 10 min"],
  ["Machine Reclaim", 15, "Machine Reclaim for more than 15 min"],
  ["Crashed", 10, "Crashed for more than 10 min"],
];

describe("timedOut, default limits", () => {
  it("covers every transitional state", () => {
    expect(EXPECTED.map(([s]) => s).sort()).toEqual([...TRANSITIONAL_STATES].sort());
  });

  it.each(EXPECTED)("%s: fine at %i min, failed 1 ms later", (state, minutes, reason) => {
    const c = enteredAtT0(state);
    expect(timedOut(c, at(minutes * MIN))).toBeNull();
    expect(timedOut(c, at(minutes * MIN + 1))).toEqual({ state, since: at(0), limitMs: minutes * MIN, reason });
  });

  it.each(["Initial", "Waiting", "Phoned Home"] as const)("%s is stable: never times out", (state) => {
    expect(timedOut(enteredAtT0(state), at(365 * 24 * 60 * MIN))).toBeNull();
  });

  it("measures from entering the state: heartbeats and PXE repeats do not reset it", () => {
    let c = applyEvent(emptyContainer(), { event: "PXE Booting", time: at(0) }).container;
    for (let m = 1; m <= 11; m++) {
      c = applyEvent(c, { event: "PXE Booting", time: at(m * MIN) }).container;
      c = applyEvent(c, { event: "Alive", time: at(m * MIN) }).container;
    }
    expect(timedOut(c, at(11 * MIN))?.reason).toBe("PXE Booting for more than 10 min");
  });

  it("restarts with the next state", () => {
    const c = applyEvent(enteredAtT0("Preparing"), { event: "Registering", time: at(9 * MIN) }).container;
    expect(timedOut(c, at(14 * MIN))).toBeNull();
    expect(timedOut(c, at(14 * MIN + 1))?.state).toBe("Registering");
  });
});

describe("configuration", () => {
  it("merges overrides over the defaults", () => {
    const config = timeoutConfigInput.parse({ Installing: 30 * MIN });
    expect(config).toEqual({ ...DEFAULT_TIMEOUTS, Installing: 30 * MIN });
    expect(timedOut(enteredAtT0("Installing"), at(20 * MIN), config)).toBeNull();
    expect(timedOut(enteredAtT0("Installing"), at(30 * MIN + 1), config)?.reason).toBe("Installing for more than 30 min");
  });

  it("rejects zero, negative, fractional and unknown entries", () => {
    for (const bad of [{ Installing: 0 }, { Installing: -1 }, { Installing: 1.5 }, { Waiting: MIN }]) {
      expect(timeoutConfigInput.safeParse(bad).success).toBe(false);
    }
  });

  it("words odd limits exactly", () => {
    expect(formatDuration(90_000)).toBe("90 s");
    expect(formatDuration(2 * 60 * MIN)).toBe("2 h");
    expect(formatDuration(1500)).toBe("1500 ms");
  });
});

describe("markTimedOut", () => {
  const stuck = enteredAtT0("Installing");
  const verdict = timedOut(stuck, at(40 * MIN))!;

  it("shows the failure, dated when the limit passed rather than when the sweep ran", () => {
    expect(markTimedOut(stuck, verdict).failed).toEqual({ reason: "Installing for more than 15 min", since: at(15 * MIN) });
  });

  it("is idempotent: a failed machine is returned as is", () => {
    const once = markTimedOut(stuck, verdict);
    expect(markTimedOut(once, timedOut(once, at(50 * MIN))!)).toBe(once);
  });

  it("is cleared when the machine is freed (Machine Reclaim is stored)", () => {
    const failed = markTimedOut(stuck, verdict);
    expect(applyEvent(failed, { event: "Machine Reclaim", time: at(41 * MIN) }).container.failed).toBeUndefined();
  });
});

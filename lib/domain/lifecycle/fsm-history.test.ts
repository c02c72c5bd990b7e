import { describe, expect, it } from "vitest";
import { emptyContainer, type ProvisioningContainer } from "./container";
import type { ProvisioningEventType } from "./events";
import { applyEvent, type IncomingEvent } from "./fsm";
import { MIN, PROVISIONED, at, run } from "./fsm.fixtures";

describe("repeats", () => {
  it("PXE Booting repeats only bump the time; the state clock stays at the first", () => {
    const c = run([["PXE Booting", 0], ["PXE Booting", MIN], ["PXE Booting", 2 * MIN]]);
    expect(c.events).toEqual([{ time: at(0), event: "PXE Booting", message: "" }]);
    expect(c.lastEventTime).toEqual(at(2 * MIN));
  });

  it("Phoned Home repeats only bump the time", () => {
    const c = run([...PROVISIONED, ["Phoned Home", 2 * MIN], ["Phoned Home", 3 * MIN]]);
    expect(c.events).toHaveLength(PROVISIONED.length);
    expect(c.lastEventTime).toEqual(at(3 * MIN));
  });

  it("Planned Reboot twice is stored twice: each reboot is a fact of its own", () => {
    expect(run([["Planned Reboot", 0], ["Planned Reboot", MIN]]).events).toHaveLength(2);
  });
});

describe("history", () => {
  it("keeps only the newest 100 events", () => {
    const steps = Array.from({ length: 150 }, (_, i): [ProvisioningEventType, number, string] => ["Planned Reboot", i * 1000, `#${i}`]);
    const c = run(steps);
    expect(c.events).toHaveLength(100);
    expect(c.events[0].message).toBe("#149");
    expect(c.events[99].message).toBe("#50");
  });

  it("honours a smaller cap", () => {
    let c = emptyContainer();
    for (let i = 0; i < 5; i++) c = applyEvent(c, { event: "Machine Reclaim", time: at(i) }, { maxEvents: 3 }).container;
    expect(c.events).toHaveLength(3);
  });

  it("never moves lastEventTime backwards for an event delivered late", () => {
    const c = run([["PXE Booting", 2 * MIN], ["Preparing", MIN]]);
    expect(c.lastEventTime).toEqual(at(2 * MIN));
    expect(c.state).toBe("Preparing");
  });
});

describe("the failed (timed-out) condition", () => {
  const failedIn = (c: ProvisioningContainer): ProvisioningContainer => ({ ...c, failed: { reason: "x", since: at(0) } });

  it("is cleared by the next stored event, with an effect", () => {
    const { container, effects } = applyEvent(failedIn(run(PROVISIONED.slice(0, 5))), { event: "Crashed", time: at(MIN) });
    expect(container.failed).toBeUndefined();
    expect(effects).toContainEqual({ kind: "failureCleared", failure: { reason: "x", since: at(0) } });
  });

  it.each<IncomingEvent["event"]>(["Alive", "PXE Booting"])("is kept by %s (a heartbeat or repeat is no progress)", (event) => {
    const stuck = failedIn(run([["PXE Booting", 0]]));
    expect(applyEvent(stuck, { event, time: at(MIN) }).container.failed).toEqual({ reason: "x", since: at(0) });
  });
});

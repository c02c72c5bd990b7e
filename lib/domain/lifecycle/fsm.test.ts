import { describe, expect, it } from "vitest";
import type { ProvisioningContainer } from "./container";
import type { ProvisioningEventType } from "./events";
import { applyEvent } from "./fsm";
import { MIN, PROVISIONED, at, run } from "./fsm.fixtures";

describe("a normal provisioning run", () => {
  it("ends in Phoned Home with the whole history, newest first, and nothing flagged", () => {
    const c = run(PROVISIONED);
    expect(c.state).toBe("Phoned Home");
    expect(c.events.map((e) => e.event)).toEqual(PROVISIONED.map(([e]) => e).reverse());
    expect(c.lastEventTime).toEqual(at(60_000));
    expect(c).toMatchObject({ crashLoop: false, failedReclaim: false });
    expect(c.lastErrorEvent).toBeUndefined();
  });

  it("never mutates the container it is given", () => {
    const before = run(PROVISIONED.slice(0, 4));
    const snapshot = structuredClone(before);
    applyEvent(before, { event: "Installing", time: at(MIN) });
    applyEvent(before, { event: "PXE Booting", time: at(MIN) });
    expect(before).toEqual(snapshot);
  });
});

describe("crash loop", () => {
  it("is set by Crashed, which also becomes the last error", () => {
    const { container, effects } = applyEvent(run(PROVISIONED.slice(0, 5)), { event: "Crashed", time: at(MIN), message: "disk gone" });
    expect(container).toMatchObject({ state: "Crashed", crashLoop: true });
    expect(container.lastErrorEvent).toMatchObject({ event: "Crashed", message: "disk gone" });
    expect(effects).toContainEqual({ kind: "crashLoop", crashLoop: true });
  });

  it("is set by an unexpected PXE Booting (the agent rebooted mid-install without a word)", () => {
    const c = run([...PROVISIONED.slice(0, 5), ["PXE Booting", MIN]]);
    expect(c).toMatchObject({ state: "PXE Booting", crashLoop: true });
    expect(c.events[0].unexpectedIn).toBe("Installing");
  });

  it("is set by an unexpected Preparing", () => {
    expect(run([...PROVISIONED.slice(0, 4), ["Preparing", MIN]])).toMatchObject({ state: "Preparing", crashLoop: true });
  });

  it("is not set by other invalid transitions, which are still recorded and flagged", () => {
    const c = run([...PROVISIONED.slice(0, 4), ["Booting New Kernel", MIN, "odd"]]);
    expect(c).toMatchObject({ state: "Booting New Kernel", crashLoop: false });
    expect(c.events[0]).toEqual({ time: at(MIN), event: "Booting New Kernel", message: "odd", unexpectedIn: "Waiting" });
    expect(c.lastErrorEvent).toEqual(c.events[0]);
  });

  it("survives the reboot after the crash: PXE Booting and Preparing do not clear it", () => {
    const c = run([...PROVISIONED.slice(0, 5), ["Crashed", MIN], ["PXE Booting", 2 * MIN], ["Preparing", 3 * MIN]]);
    expect(c).toMatchObject({ state: "Preparing", crashLoop: true });
  });

  it.each(["Planned Reboot", "Machine Reclaim"] as const)("is cleared by %s", (event) => {
    const crashed = run([...PROVISIONED.slice(0, 5), ["Crashed", MIN]]);
    const { container, effects } = applyEvent(crashed, { event, time: at(2 * MIN) });
    expect(container.crashLoop).toBe(false);
    expect(effects).toContainEqual({ kind: "crashLoop", crashLoop: false });
    expect(container.lastErrorEvent?.event).toBe("Crashed"); // the last error stays visible
  });

  it("is cleared by Phoned Home when the machine finally makes it", () => {
    const c = run([["PXE Booting", 0], ["Crashed", MIN], ...PROVISIONED.map(([e, t]): [ProvisioningEventType, number] => [e, 2 * MIN + t])]);
    expect(c).toMatchObject({ state: "Phoned Home", crashLoop: false });
  });
});

describe("failed reclaim (5-minute boundary)", () => {
  const reclaimed = () => run([...PROVISIONED, ["Machine Reclaim", 10 * MIN]]);
  const phoneHome = (c: ProvisioningContainer, ms: number) => applyEvent(c, { event: "Phoned Home", time: at(ms) });

  it("ignores a Phoned Home exactly 5 min after the reclaim, without moving the time", () => {
    const before = reclaimed();
    const { container, effects } = phoneHome(before, 15 * MIN);
    expect(container).toBe(before);
    expect(effects).toEqual([{ kind: "ignored", reason: "phoned-home-during-reclaim" }]);
  });

  it("sets failedReclaim 1 ms later, keeps the state and history, moves the time", () => {
    const before = reclaimed();
    const { container, effects } = phoneHome(before, 15 * MIN + 1);
    expect(container).toMatchObject({ state: "Machine Reclaim", failedReclaim: true, lastEventTime: at(15 * MIN + 1) });
    expect(container.events).toEqual(before.events);
    expect(container.lastErrorEvent).toMatchObject({ event: "Phoned Home", time: at(15 * MIN + 1) });
    expect(effects).toContainEqual({ kind: "failedReclaim", failedReclaim: true });
  });

  it("is caught although the old OS phones home every minute (swallowed ones don't move the clock)", () => {
    let c = reclaimed();
    for (let m = 11; m <= 15; m++) c = phoneHome(c, m * MIN).container;
    expect(c.failedReclaim).toBe(false);
    c = phoneHome(c, 16 * MIN).container;
    expect(c.failedReclaim).toBe(true);
    expect(phoneHome(c, 17 * MIN).effects).toEqual([{ kind: "ignored", reason: "phoned-home-during-reclaim" }]);
  });

  it.each(["PXE Booting", "Preparing"] as const)("is cleared by the next %s", (event) => {
    const failed = phoneHome(reclaimed(), 20 * MIN).container;
    const { container, effects } = applyEvent(failed, { event, time: at(21 * MIN) });
    expect(container).toMatchObject({ state: event, failedReclaim: false });
    expect(effects).toContainEqual({ kind: "failedReclaim", failedReclaim: false });
  });
});

describe("late Phoned Home while our agent runs", () => {
  const waiting = () => run(PROVISIONED.slice(0, 4)); // last event at 30 s

  it("is swallowed within 5 min of the last event", () => {
    const before = waiting();
    const { container, effects } = applyEvent(before, { event: "Phoned Home", time: at(30_000 + 5 * MIN - 1) });
    expect(container).toBe(before);
    expect(effects).toEqual([{ kind: "ignored", reason: "buffered-phoned-home" }]);
  });

  it("is recorded as invalid (and accepted) from 5 min on", () => {
    const { container } = applyEvent(waiting(), { event: "Phoned Home", time: at(30_000 + 5 * MIN) });
    expect(container.state).toBe("Phoned Home");
    expect(container.events[0].unexpectedIn).toBe("Waiting");
  });
});

describe("Alive", () => {
  it("is never stored, moves lastEventTime and reports liveliness, in any state", () => {
    const before = run(PROVISIONED.slice(0, 4));
    const { container, effects } = applyEvent(before, { event: "Alive", time: at(MIN), message: "hb" });
    expect(container.events).toEqual(before.events);
    expect(container.state).toBe("Waiting");
    expect(container.lastEventTime).toEqual(at(MIN));
    expect(effects).toEqual([{ kind: "liveliness", liveliness: "Alive", at: at(MIN) }]);
  });
});

import { describe, expect, it } from "vitest";
import { BmcError } from "./driver";
import { PowerWaiter, type Reading } from "./settle";

/** A chassis whose reading is a function of the time since the test started (a scripted BMC). */
function scripted(timeline: [atMs: number, state: Reading][]) {
  const started = Date.now();
  let reads = 0;
  const read = async () => {
    reads += 1;
    const t = Date.now() - started;
    return timeline.filter(([at]) => at <= t).at(-1)![1];
  };
  return { read, reads: () => reads, elapsed: () => Date.now() - started };
}

describe("PowerWaiter", () => {
  it("a state counts only once it held for the settle window: a reset's off moment is waited out", async () => {
    // Off for 150 ms in the middle of a reset, then on again.
    const bmc = scripted([[0, "off"], [150, "on"]]);
    const waiter = new PowerWaiter(bmc.read, { settleMs: 300, deadlineMs: 5_000, pollMs: 50 }, "power off");
    expect(await waiter.stable()).toBe("on");
    expect(bmc.elapsed()).toBeGreaterThanOrEqual(450);
  });

  it("transitional readings never count; reach() waits for the target to hold", async () => {
    const bmc = scripted([[0, "on"], [100, "PoweringOff"], [200, "off"]]);
    const waiter = new PowerWaiter(bmc.read, { settleMs: 200, deadlineMs: 5_000, pollMs: 25 }, "power off");
    await waiter.reach("off");
    expect(bmc.elapsed()).toBeGreaterThanOrEqual(400);
  });

  it("settle 0: the first stable reading counts (the lab's fast path), one read", async () => {
    const bmc = scripted([[0, "on"]]);
    expect(await new PowerWaiter(bmc.read, { settleMs: 0, deadlineMs: 1_000 }, "x").stable()).toBe("on");
    expect(bmc.reads()).toBe(1);
  });

  it("fails with timeout naming the state seen", async () => {
    const stuck = scripted([[0, "on"]]);
    const err = await new PowerWaiter(stuck.read, { settleMs: 50, deadlineMs: 300, pollMs: 20 }, "power off of bmc").reach("off").catch((e: unknown) => e);
    expect(err).toEqual(new BmcError("timeout", "power off of bmc: the chassis is still on, not off, after 0.3 s"));
    const flapping = { read: (() => { let n = 0; return async () => (n++ % 2 ? "on" : "off"); })() };
    const flap = await new PowerWaiter(flapping.read, { settleMs: 100, deadlineMs: 300, pollMs: 20 }, "power on").stable().catch((e: unknown) => e);
    expect(flap).toMatchObject({ kind: "timeout", message: expect.stringMatching(/^power on: the chassis is still (on|off) \(it did not settle\)/) });
  });
});

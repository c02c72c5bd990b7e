import { describe, expect, it } from "vitest";
import { allResetTypes, planPower } from "./reset-plan";

const types = (plan: ReturnType<typeof planPower>) => plan && plan.steps.map((s) => s.resetType);

describe("reset plan", () => {
  it("on and off are idempotent: nothing is sent when the machine is already there", () => {
    expect(planPower("on", "On", allResetTypes)).toEqual({ steps: [], settle: "On" });
    expect(planPower("on", "PoweringOn", allResetTypes)).toEqual({ steps: [], settle: "On" });
    expect(planPower("off", "Off", allResetTypes)).toEqual({ steps: [], settle: "Off" });
    expect(planPower("on", "Off", allResetTypes)).toEqual({ steps: [{ resetType: "On", settle: "On" }], settle: null });
    expect(planPower("off", "On", allResetTypes)).toEqual({ steps: [{ resetType: "ForceOff", settle: "Off" }], settle: null });
  });

  it("reset and cycle of a machine that is off power it on", () => {
    expect(types(planPower("reset", "Off", ["On", "ForceRestart"]))).toEqual(["On"]);
    expect(types(planPower("cycle", "Off", ["ForceOn", "PowerCycle"]))).toEqual(["ForceOn"]);
  });

  it("reset prefers ForceRestart, then GracefulRestart, PowerCycle, ForceOff + On", () => {
    expect(types(planPower("reset", "On", allResetTypes))).toEqual(["ForceRestart"]);
    expect(types(planPower("reset", "On", ["GracefulRestart", "PowerCycle"]))).toEqual(["GracefulRestart"]);
    expect(types(planPower("reset", "On", ["PowerCycle", "On"]))).toEqual(["PowerCycle"]);
    expect(planPower("reset", "On", ["ForceOff", "On"])?.steps).toEqual([{ resetType: "ForceOff", settle: "Off" }, { resetType: "On", settle: null }]);
  });

  it("cycle prefers PowerCycle, then ForceOff + On", () => {
    expect(types(planPower("cycle", "On", allResetTypes))).toEqual(["PowerCycle"]);
    expect(types(planPower("cycle", "On", ["ForceRestart", "ForceOff", "On"]))).toEqual(["ForceOff", "On"]);
  });

  it("is null (unsupported) when no allowed type fits", () => {
    expect(planPower("off", "On", ["On", "GracefulShutdown"])).toBeNull();
    expect(planPower("on", "Off", ["ForceOff"])).toBeNull();
    expect(planPower("cycle", "On", ["ForceRestart"])).toBeNull();
    expect(planPower("reset", "On", [])).toBeNull();
  });
});

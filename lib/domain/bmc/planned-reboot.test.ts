import { describe, expect, it } from "vitest";
import { LIFECYCLE_STATES } from "@/lib/domain/lifecycle/events";
import { rebootNeedsPlanning } from "./planned-reboot";

describe("which reboots are recorded as Planned Reboot", () => {
  it("those of machines not already expected to boot: running OS, waiting or provisioning", () => {
    const planned = LIFECYCLE_STATES.filter(rebootNeedsPlanning);
    expect(planned).toEqual(expect.arrayContaining(["Phoned Home", "Waiting", "Installing", "Preparing", "PXE Booting"]));
    expect(LIFECYCLE_STATES.filter((s) => !rebootNeedsPlanning(s)).sort()).toEqual(["Crashed", "Initial", "Machine Reclaim", "Planned Reboot"]);
    expect(rebootNeedsPlanning("no such state")).toBe(false);
  });
});

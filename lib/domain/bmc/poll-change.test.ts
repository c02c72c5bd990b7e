import { describe, expect, it } from "vitest";
import type { BmcInfo } from "@/lib/bmc/driver";
import { BMC_OUTDATED_AFTER_MS, isBmcOutdated } from "./outdated";
import { pollChangesPanel } from "./poll-change";

const info: BmcInfo = {
  powerState: "on", manufacturer: "Lab Systems", model: "LS-1U", serial: "LAB00001", firmwareVersion: "2.14.0", biosVersion: "1.8.2",
  powerWatts: 155, powerSupplies: [{ name: "PSU1", health: "OK", state: "Enabled" }], identifyOn: false,
};
const fresh = { info, lastPollError: null, outdated: false };

describe("which polls notify the machine's channel", () => {
  it("stays silent when the panel would read the same, whatever the key order or the exact power draw", () => {
    const { identifyOn, ...rest } = info;
    const reordered: BmcInfo = { identifyOn, ...rest }; // jsonb hands keys back in another order
    expect(pollChangesPanel({ ...fresh, info: reordered }, { ...info, powerWatts: 161 }, null)).toBe(false);
  });

  it("speaks when a reading the panel shows changes", () => {
    expect(pollChangesPanel(fresh, { ...info, powerState: "off" }, null)).toBe(true);
    expect(pollChangesPanel(fresh, { ...info, identifyOn: true }, null)).toBe(true);
    expect(pollChangesPanel(fresh, { ...info, firmwareVersion: "2.15.0" }, null)).toBe(true);
    expect(pollChangesPanel(fresh, { ...info, powerWatts: null }, null)).toBe(true);
    expect(pollChangesPanel(fresh, { ...info, powerSupplies: [{ name: "PSU1", health: "Critical", state: "Enabled" }] }, null)).toBe(true);
  });

  it("speaks when the first reading arrives, an error appears, changes or clears, or an outdated spell ends", () => {
    expect(pollChangesPanel({ info: null, lastPollError: null, outdated: false }, info, null)).toBe(true);
    expect(pollChangesPanel(fresh, null, "authentication failed")).toBe(true);
    expect(pollChangesPanel({ ...fresh, lastPollError: "authentication failed" }, null, "authentication failed")).toBe(false);
    expect(pollChangesPanel({ ...fresh, lastPollError: "authentication failed" }, null, "timeout")).toBe(true);
    expect(pollChangesPanel({ ...fresh, lastPollError: "timeout" }, info, null)).toBe(true);
    expect(pollChangesPanel({ ...fresh, outdated: true }, info, null)).toBe(true);
  });
});

describe("BMC info outdated", () => {
  it("after 20 min without a successful poll, counted from the BMC's creation when it never had one", () => {
    const created = new Date("2026-01-01T00:00:00Z");
    const at = (ms: number) => new Date(created.getTime() + ms);
    expect(isBmcOutdated(null, created, at(BMC_OUTDATED_AFTER_MS - 1))).toBe(false);
    expect(isBmcOutdated(null, created, at(BMC_OUTDATED_AFTER_MS + 1))).toBe(true);
    expect(isBmcOutdated(at(BMC_OUTDATED_AFTER_MS), created, at(BMC_OUTDATED_AFTER_MS + 60_000))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { formatAbsolute, formatDate, formatRelative, tickInterval } from "./format";

const at = Date.parse("2026-12-04T22:13:05Z");

describe("formatAbsolute", () => {
  it("names the time zone and keeps the seconds", () => {
    expect(formatAbsolute("2026-12-04T22:13:05Z", { timeZone: "UTC" })).toBe("4 Dec 2026, 22:13:05 UTC");
    expect(formatAbsolute("2026-12-04T22:13:05Z", { timeZone: "Europe/Berlin" })).toBe("4 Dec 2026, 23:13:05 CET");
  });
  it("says — for garbage instead of Invalid Date", () => {
    expect(formatAbsolute("nope")).toBe("—");
    expect(formatDate("nope")).toBe("—");
  });
  it("formats a date alone in the given zone", () => {
    expect(formatDate("2026-12-04T23:30:00Z", { timeZone: "Europe/Berlin" })).toBe("5 Dec 2026");
  });
});

describe("formatRelative", () => {
  it.each([
    [0, "just now"],
    [4_000, "just now"],
    [12_000, "12 s ago"],
    [59_999, "59 s ago"],
    [60_000, "1 min ago"],
    [3 * 3600_000 + 1, "3 h ago"],
    [2 * 86_400_000, "2 d ago"],
    [400 * 86_400_000, "1 y ago"],
    [-120_000, "in 2 min"],
  ])("%i ms ago reads %s", (ms, text) => {
    expect(formatRelative(new Date(at - ms).toISOString(), at)).toBe(text);
  });
});

describe("tickInterval", () => {
  it("ticks each second while seconds show, less often later", () => {
    expect(tickInterval(new Date(at - 10_000).toISOString(), at)).toBe(1_000);
    expect(tickInterval(new Date(at - 600_000).toISOString(), at)).toBe(15_000);
    expect(tickInterval(new Date(at - 7_200_000).toISOString(), at)).toBe(60_000);
  });
});

import { describe, expect, it } from "vitest";
import { describeTrend, POWER_TREND_MAX_POINTS, summarizePower } from "./power-trend";

describe("power trend", () => {
  it("keeps at most one reading per 5 minutes over 24 h", () => {
    expect(POWER_TREND_MAX_POINTS).toBe(289);
  });

  it("summarizes oldest-first readings: latest is the last one, the average is rounded", () => {
    expect(summarizePower([])).toBeNull();
    expect(summarizePower([{ time: "t1", watts: 200 }, { time: "t2", watts: 100 }, { time: "t3", watts: 151 }]))
      .toEqual({ latest: 151, min: 100, max: 200, avg: 150, count: 3 });
  });

  it("describes the trend in words once there are two readings", () => {
    expect(describeTrend([{ time: "2026-12-01T00:00:00Z", watts: 100 }])).toBeNull();
    expect(describeTrend([{ time: "2026-12-01T00:00:00Z", watts: 120 }, { time: "2026-12-01T00:45:00Z", watts: 250 }])).toBe("120–250 W over 45 min, average 185 W");
    expect(describeTrend([{ time: "2026-12-01T00:00:00Z", watts: 100 }, { time: "2026-12-01T23:55:00Z", watts: 100 }])).toBe("100–100 W over 24 h, average 100 W");
  });
});

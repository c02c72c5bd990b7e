import { describe, expect, it } from "vitest";
import { POWER_TREND_MAX_POINTS, summarizePower } from "./power-trend";

describe("power trend", () => {
  it("keeps at most one reading per 5 minutes over 24 h", () => {
    expect(POWER_TREND_MAX_POINTS).toBe(289);
  });

  it("summarizes oldest-first readings: latest is the last one, the average is rounded", () => {
    expect(summarizePower([])).toBeNull();
    expect(summarizePower([{ time: "t1", watts: 200 }, { time: "t2", watts: 100 }, { time: "t3", watts: 151 }]))
      .toEqual({ latest: 151, min: 100, max: 200, avg: 150, count: 3 });
  });
});

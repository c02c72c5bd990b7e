/**
 * The power-draw trend of the machine page's BMC panel. The poller reads every BMC about once a
 * minute; storing each reading would cost 1,440 rows per machine and day (14 million at 10,000
 * machines). Instead a reading is kept only when the machine's newest stored one is at least
 * STEP old, and readings older than WINDOW are pruned in the same transaction, so a machine
 * never holds more than WINDOW / STEP + 1 readings (289), however often it is polled.
 */
export const POWER_TREND_WINDOW_MS = 24 * 60 * 60 * 1000;
export const POWER_TREND_STEP_MS = 5 * 60 * 1000;
export const POWER_TREND_MAX_POINTS = POWER_TREND_WINDOW_MS / POWER_TREND_STEP_MS + 1;

export type PowerReading = { time: string; watts: number };

/** What the panel prints beside the sparkline (the chart is not the only way to read it). */
export function summarizePower(readings: PowerReading[]): { latest: number; min: number; max: number; avg: number; count: number } | null {
  if (readings.length === 0) return null;
  const watts = readings.map((r) => r.watts);
  const sum = watts.reduce((a, b) => a + b, 0);
  return { latest: watts[watts.length - 1], min: Math.min(...watts), max: Math.max(...watts), avg: Math.round(sum / watts.length), count: watts.length };
}

/** "120–250 W over 45 min, average 180 W" (null with fewer than two readings: no trend yet). */
export function describeTrend(readings: PowerReading[]): string | null {
  const sum = summarizePower(readings);
  if (!sum || sum.count < 2) return null;
  const min = Math.round((Date.parse(readings[readings.length - 1].time) - Date.parse(readings[0].time)) / 60_000);
  const span = min < 120 ? `${min} min` : `${Math.round(min / 60)} h`;
  return `${sum.min}–${sum.max} W over ${span}, average ${sum.avg} W`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Human duration for reasons shown to operators: "15 min", "1 h", "90 s". Largest exact unit. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % HOUR === 0) return `${ms / HOUR} h`;
  if (ms > 0 && ms % MINUTE === 0) return `${ms / MINUTE} min`;
  if (ms > 0 && ms % SECOND === 0) return `${ms / SECOND} s`;
  return `${ms} ms`;
}

/** Shared by the benchmarks: timing samples and percentiles. */

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `op` `warmup` times untimed, then `n` times timed; returns the durations in ms, sorted. */
export async function sample(n: number, op: (i: number) => Promise<unknown>, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await op(-1 - i);
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await op(i);
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b);
}

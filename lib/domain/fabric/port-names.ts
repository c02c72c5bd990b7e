/**
 * Port names across switch OS naming schemes, for replacing a switch by one running another OS
 * (FABRIC §6): Cumulus `swpN` / breakout `swpNsM` ↔ SONiC `Ethernet<(N-1)*4+M>` (4 lanes per port).
 */
const CUMULUS = /^swp(\d+)(?:s(\d+))?$/;
const SONIC = /^Ethernet(\d+)$/;

export function toSonic(name: string): string | null {
  const m = CUMULUS.exec(name);
  if (!m) return null;
  return `Ethernet${(Number(m[1]) - 1) * 4 + (m[2] === undefined ? 0 : Number(m[2]))}`;
}

export function toCumulus(name: string, breakout: boolean): string | null {
  const m = SONIC.exec(name);
  if (!m) return null;
  const n = Number(m[1]);
  return breakout ? `swp${Math.floor(n / 4) + 1}s${n % 4}` : n % 4 === 0 ? `swp${n / 4 + 1}` : null;
}

/**
 * The new switch's port that takes over `oldName`: the same name when it exists, else the same
 * physical port under the other scheme; null when there is none.
 */
export function matchPortName(oldName: string, newNames: ReadonlySet<string>): string | null {
  if (newNames.has(oldName)) return oldName;
  const candidates = [toSonic(oldName), toCumulus(oldName, false), toCumulus(oldName, true)];
  return candidates.find((c): c is string => c !== null && newNames.has(c)) ?? null;
}

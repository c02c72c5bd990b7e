export type PlacementCandidate = { id: string; rack: string };

/**
 * DOMAIN §3.2 step 4: prefer the racks where the project has the fewest machines of this role,
 * so that losing one rack (power, top-of-rack switch) takes as few of its machines as possible;
 * then pick at random among the free machines in those racks.
 *
 * - Only racks that have a candidate compete: an empty rack with zero machines of the project
 *   cannot receive one, so it must not hide the least-used rack that can.
 * - A rack missing from the counts has zero machines of the project.
 * - Random, not first-by-id: concurrent allocations (SKIP LOCKED) then rarely aim at the same
 *   row, and wear spreads over the pool. Candidates are sorted by id first, so the answer depends
 *   only on the candidate set and `random`, not on the order the database returned the rows in.
 */
export function pickMachine(
  candidates: readonly PlacementCandidate[],
  projectMachineCountByRack: Readonly<Record<string, number>>,
  random: () => number,
): string | null {
  const leastUsed = inLeastUsedRacks(candidates, projectMachineCountByRack);
  if (leastUsed.length === 0) return null;
  const sorted = leastUsed.map((c) => c.id).sort(byCodeUnits);
  return sorted[randomIndex(sorted.length, random)] ?? null;
}

/** The candidates standing in the racks where the project has the fewest machines. */
export function inLeastUsedRacks(
  candidates: readonly PlacementCandidate[],
  projectMachineCountByRack: Readonly<Record<string, number>>,
): PlacementCandidate[] {
  const countOf = (rack: string) => (Object.hasOwn(projectMachineCountByRack, rack) ? projectMachineCountByRack[rack] : 0);
  let fewest = Infinity;
  for (const c of candidates) fewest = Math.min(fewest, countOf(c.rack));
  return candidates.filter((c) => countOf(c.rack) === fewest);
}

/** Locale-independent order: the same on every server, whatever its ICU data. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Map random() in [0, 1) to an index; clamped, so a generator returning 1 cannot overflow. */
function randomIndex(length: number, random: () => number): number {
  const r = random();
  const i = Math.floor((Number.isFinite(r) ? r : 0) * length);
  return Math.min(length - 1, Math.max(0, i));
}

/**
 * Free-range bookkeeping for the database's gap index: a free range [start, end] (inclusive)
 * loses a block, or gains one back. Pure so that the splitting rules are tested without SQL.
 */
export type Range = { start: bigint; end: bigint };

/** The lowest block-aligned start inside the range that fits `size` addresses, or null. */
export function alignedFit(range: Range, size: bigint): bigint | null {
  const aligned = ((range.start + size - 1n) / size) * size;
  return aligned + size - 1n <= range.end ? aligned : null;
}

/** What remains of `range` after removing [from, to] (which must lie inside it): 0–2 ranges. */
export function carve(range: Range, from: bigint, to: bigint): Range[] {
  if (from < range.start || to > range.end || from > to) throw new Error("carve: block outside the free range");
  const out: Range[] = [];
  if (from > range.start) out.push({ start: range.start, end: from - 1n });
  if (to < range.end) out.push({ start: to + 1n, end: range.end });
  return out;
}

/**
 * Splits a free range into pieces of at most `chunk` addresses, at most `maxPieces` of them
 * (the last piece keeps the remainder). Separate rows let concurrent transactions take
 * addresses from different rows (SKIP LOCKED) instead of queueing on one.
 */
export function chunkRange(range: Range, chunk: bigint, maxPieces: number): Range[] {
  const out: Range[] = [];
  let start = range.start;
  while (start <= range.end) {
    if (out.length === maxPieces - 1 || range.end - start + 1n <= chunk) {
      out.push({ start, end: range.end });
      break;
    }
    out.push({ start, end: start + chunk - 1n });
    start += chunk;
  }
  return out;
}

/** Joins a released block with the free neighbours that touch it. */
export function merge(block: Range, neighbours: Range[]): Range {
  let { start, end } = block;
  for (const n of neighbours) {
    if (n.end + 1n === start) start = n.start;
    else if (n.start - 1n === end) end = n.end;
    else throw new Error("merge: range does not touch the block");
  }
  return { start, end };
}

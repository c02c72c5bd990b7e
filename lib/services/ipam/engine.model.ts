/**
 * A reference model of the IPAM engine for its property tests (not used by the app): the same
 * prefixes, children and IPs as plain sets, and what the engine must answer, computed the
 * obvious way (walk the gaps between children, count up from the first usable address). It
 * shares no arithmetic with the engine (engine: SQL `div` + ranges.ts; model: `%` here), so a
 * rounding or alignment bug in one does not hide in the other.
 */
export type Family = 4 | 6;
export type Gap = { start: bigint; end: bigint };

export type ModelNode = {
  id: string;
  family: Family;
  network: bigint;
  length: number;
  mode: "new" | "ips" | "children";
  parent: ModelNode | null;
  children: ModelNode[];
  used: Set<bigint>;
};

export const bits = (f: Family) => (f === 4 ? 32 : 128);
export const blockSize = (f: Family, length: number) => 1n << BigInt(bits(f) - length);
export const lastOf = (n: { family: Family; network: bigint; length: number }) => n.network + blockSize(n.family, n.length) - 1n;

/** IPv4 /0–/30: not the network or broadcast address; /31, /32 all (RFC 3021); IPv6: not the subnet-router anycast. */
export function usableRange(n: ModelNode): Gap | null {
  const last = lastOf(n);
  if (n.family === 4) return n.length >= 31 ? { start: n.network, end: last } : { start: n.network + 1n, end: last - 1n };
  return n.length === 128 ? null : { start: n.network + 1n, end: last };
}

/** What is not taken by children: the maximal free ranges (the engine must keep them merged). */
export function gaps(n: ModelNode): Gap[] {
  const out: Gap[] = [];
  let next = n.network;
  for (const c of [...n.children].sort((a, b) => (a.network < b.network ? -1 : 1))) {
    if (c.network > next) out.push({ start: next, end: c.network - 1n });
    next = lastOf(c) + 1n;
  }
  if (next <= lastOf(n)) out.push({ start: next, end: lastOf(n) });
  return out;
}

/** The lowest free block of `length` aligned to its size, or null. */
export function expectedChild(n: ModelNode, length: number): bigint | null {
  const size = blockSize(n.family, length);
  for (const g of gaps(n)) {
    const start = g.start + ((size - (g.start % size)) % size);
    if (start + size - 1n <= g.end) return start;
  }
  return null;
}

export function overlapsChild(n: ModelNode, start: bigint, end: bigint): boolean {
  return n.children.some((c) => c.network <= end && lastOf(c) >= start);
}

/** The lowest usable address not in use, or null. */
export function expectedIp(n: ModelNode): bigint | null {
  const r = usableRange(n);
  if (!r) return null;
  let a = r.start;
  while (n.used.has(a)) a++;
  return a <= r.end ? a : null;
}

/** Why a specific address of the node cannot be had, or null when it can. */
export function specificIpRefusal(n: ModelNode, address: bigint): string | null {
  if (n.mode === "children") return "prefix_has_children";
  if (address < n.network || address > lastOf(n)) return "ip_outside_prefix";
  const r = usableRange(n);
  if (!r || address < r.start || address > r.end) return "ip_reserved";
  return n.used.has(address) ? "ip_in_use" : null;
}

/**
 * The free-range rows the engine may hold for a node. Split prefixes: exactly the maximal
 * gaps (given-back children merged with their free neighbours). Prefixes with IPs: disjoint
 * rows inside the usable range that cover every usable address not in use, and nothing else.
 */
export function freeRangeProblems(n: ModelNode, rows: Gap[]): string[] {
  const show = (rs: Gap[]) => rs.map((r) => `${r.start}-${r.end}`).join(",");
  if (n.mode === "new") return rows.length ? [`untouched prefix has free rows ${show(rows)}`] : [];
  if (n.mode === "children") {
    const want = gaps(n);
    return show(rows) === show(want) ? [] : [`free ranges ${show(rows)}, expected the merged gaps ${show(want)}`];
  }
  const problems: string[] = [];
  const r = usableRange(n);
  let covered = 0n;
  rows.forEach((row, i) => {
    if (i > 0 && row.start <= rows[i - 1].end) problems.push(`rows overlap: ${show([rows[i - 1], row])}`);
    if (!r || row.start < r.start || row.end > r.end) problems.push(`row ${show([row])} outside the usable range`);
    covered += row.end - row.start + 1n;
    for (const u of n.used) if (u >= row.start && u <= row.end) problems.push(`used ${u} inside free row ${show([row])}`);
  });
  const usable = r ? r.end - r.start + 1n : 0n;
  if (covered + BigInt(n.used.size) !== usable) problems.push(`free ${covered} + used ${n.used.size} != usable ${usable}`);
  return problems;
}

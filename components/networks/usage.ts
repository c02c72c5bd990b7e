import type { NetworkDto } from "@/lib/contracts/networks";

type PrefixUsage = NetworkDto["prefixes"][number];

export type UsageFigures = {
  acquired: bigint;
  total: bigint;
  /** Percentage used, 0–100, with two decimals; computed in BigInt so IPv6 counts never overflow. */
  percent: number;
};

/** acquired vs acquired + free, exactly: freeIps is a decimal string because IPv6 counts exceed 2^53. */
export function usageFigures(p: Pick<PrefixUsage, "acquiredIps" | "freeIps">): UsageFigures {
  const acquired = BigInt(p.acquiredIps);
  const total = acquired + BigInt(p.freeIps);
  const percent = total === 0n ? 0 : Number((acquired * 10_000n) / total) / 100;
  return { acquired, total, percent };
}

/** A count with thousands separators, exact at any size. */
export function formatCount(n: bigint): string {
  const s = n.toString();
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Short form for counts too long to read: at most 15 digits exact, else "≫ 10^15". */
export function formatCountShort(n: bigint): string {
  return n < 10n ** 15n ? formatCount(n) : "≫ 10¹⁵";
}

export function formatPercent(percent: number, acquired: bigint): string {
  if (acquired > 0n && percent < 0.01) return "< 0.01 %";
  if (Number.isInteger(percent)) return `${percent} %`;
  return `${percent < 1 ? percent.toFixed(2) : Math.min(percent, 99.9).toFixed(1)} %`;
}

/** One line for screen readers and the text under the bar. */
export function usageSummary(p: PrefixUsage): string {
  if (p.childPrefixes > 0) return `${p.childPrefixes} child ${p.childPrefixes === 1 ? "prefix" : "prefixes"} taken; hands out prefixes, not IPs`;
  const u = usageFigures(p);
  return `${formatCount(u.acquired)} of ${formatCountShort(u.total)} IPs used (${formatPercent(u.percent, u.acquired)})`;
}

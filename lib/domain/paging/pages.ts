/**
 * The page links of a numbered pager: the first and last page, the current one with `around`
 * neighbours on each side, and a gap ("…") where pages are left out. A gap never hides a
 * single page (then that page shows instead), so the list is as short as it can be while every
 * shown number stays clickable.
 */
export function pageLinks(current: number, last: number, around = 1): (number | "gap")[] {
  if (last <= 1) return [1];
  const cur = Math.min(Math.max(1, current), last);
  const shown = new Set([1, last]);
  for (let p = cur - around; p <= cur + around; p++) if (p >= 1 && p <= last) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  for (const p of sorted) {
    const prev = out[out.length - 1];
    if (typeof prev === "number" && p - prev === 2) out.push(p - 1);
    else if (typeof prev === "number" && p - prev > 2) out.push("gap");
    out.push(p);
  }
  return out;
}

/** How many pages `total` items fill at `size` per page (at least 1: an empty list has page 1). */
export const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));

/** The page sizes a pager offers; the API allows up to 500. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/** A page number from the URL: a positive integer, else 1. */
export function parsePage(v: string | undefined): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** A page size from the URL: one of PAGE_SIZES, else the default. */
export function parsePageSize(v: string | undefined, fallback = 50): number {
  const n = Number(v);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : fallback;
}

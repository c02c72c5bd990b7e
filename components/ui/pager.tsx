"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { pageCount, pageLinks, PAGE_SIZES, parsePage, parsePageSize } from "@/lib/domain/paging/pages";
import type { SortState } from "./data-table";

type Change = Record<string, string | undefined>;

/**
 * A list's page, page size and sort, read from the URL (`page`, `size`, `sort`, `order`) so
 * reload, back/forward and shared links keep them. `href` changes some parameters and keeps the
 * rest (filters included); a new sort or filter starts again at page 1.
 */
export function useListParams(defaultSize = 50) {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const get = (k: string) => params.get(k) ?? undefined;
  const href = (change: Change) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) if (v) next.set(k, v); else next.delete(k);
    const s = next.toString();
    return s ? `${pathname}?${s}` : pathname;
  };
  const order = get("order");
  return {
    page: parsePage(get("page")),
    size: parsePageSize(get("size"), defaultSize),
    sort: { sort: get("sort"), order: order === "asc" || order === "desc" ? order : undefined } as SortState,
    href,
    setSort: (s: SortState) => router.push(href({ sort: s.sort, order: s.order, page: undefined })),
    /** Filters change the rows, so the page goes back to 1. */
    setFilters: (change: Change) => router.push(href({ ...change, page: undefined })),
  };
}

export type ListParams = ReturnType<typeof useListParams>;

/**
 * Numbered pages under a DataTable: "Showing 51–100 of 10,000", previous/next, page numbers
 * with gaps (links, so the page is in the URL and history), and a page-size choice.
 */
export function Pager({ list, total, shown, noun }: { list: ListParams; total: number; shown: number; noun: [string, string] }) {
  const router = useRouter();
  const last = pageCount(total, list.size);
  const first = total === 0 ? 0 : (list.page - 1) * list.size + 1;
  const link = "inline-flex min-w-8 items-center justify-center gap-1 rounded-md px-2 py-1 text-sm hover:bg-slate-100";
  const off = "inline-flex min-w-8 items-center justify-center gap-1 rounded-md px-2 py-1 text-sm text-slate-500";
  return (
    <div className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p data-testid="list-range" aria-live="polite">
        {total === 0 ? `No ${noun[1]}` : `Showing ${first.toLocaleString("en")}–${(first + shown - 1).toLocaleString("en")} of ${total.toLocaleString("en")} ${total === 1 ? noun[0] : noun[1]}`}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        {last > 1 && (
          <nav aria-label={`Pages of ${noun[1]}`}>
            <ul className="flex flex-wrap items-center gap-1">
              <li>
                {list.page > 1
                  ? <Link href={list.href({ page: list.page - 1 > 1 ? String(list.page - 1) : undefined })} className={link} rel="prev"><ChevronLeft aria-hidden className="size-4" />Previous</Link>
                  : <span aria-disabled className={off}><ChevronLeft aria-hidden className="size-4" />Previous</span>}
              </li>
              {pageLinks(list.page, last).map((p, i) => (
                <li key={p === "gap" ? `gap-${i}` : p}>
                  {p === "gap" ? <span aria-hidden className={off}>…</span>
                    : p === list.page ? <span aria-current="page" className={`${link} bg-brand-600 font-medium text-white hover:bg-brand-600`}><span className="sr-only">Page </span>{p}</span>
                    : <Link href={list.href({ page: p > 1 ? String(p) : undefined })} className={link}><span className="sr-only">Page </span>{p}</Link>}
                </li>
              ))}
              <li>
                {list.page < last
                  ? <Link href={list.href({ page: String(list.page + 1) })} className={link} rel="next">Next<ChevronRight aria-hidden className="size-4" /></Link>
                  : <span aria-disabled className={off}>Next<ChevronRight aria-hidden className="size-4" /></span>}
              </li>
            </ul>
          </nav>
        )}
        <label className="flex items-center gap-2">
          <span>Per page</span>
          <select value={list.size} onChange={(e) => router.push(list.href({ size: e.target.value, page: undefined }))} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
            {PAGE_SIZES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
      </div>
    </div>
  );
}

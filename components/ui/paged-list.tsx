"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { type ListParams, Pager } from "./pager";
import { EmptyState, ErrorState, Loading } from "./states";

/** Any numbered list: states, the table (children), the pager; a page past the end links back to page 1. */
export function PagedList<T>({ query, items, total, list, empty, noun, children }: {
  query: { isPending: boolean; isError: boolean; error: Error | null; refetch: () => unknown; isPlaceholderData?: boolean };
  items: T[];
  total: number;
  list: ListParams;
  empty: { title: string; body?: string; action?: ReactNode };
  noun: [string, string];
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError && items.length === 0) return <ErrorState error={query.error!} retry={() => query.refetch()} />;
  if (items.length === 0 && list.page > 1 && total > 0) {
    return <EmptyState title={`Page ${list.page} is past the end`} body={`There are ${total} ${total === 1 ? noun[0] : noun[1]}.`} action={<Link href={list.href({ page: undefined })} className="text-brand-700 hover:underline">Go to page 1</Link>} />;
  }
  if (items.length === 0) return <EmptyState {...empty} />;
  return (
    <div aria-busy={query.isPlaceholderData || undefined} data-testid="paged-list" className={query.isPlaceholderData ? "opacity-70 transition-opacity" : undefined}>
      {children(items)}
      <Pager list={list} total={total} shown={items.length} noun={noun} />
    </div>
  );
}

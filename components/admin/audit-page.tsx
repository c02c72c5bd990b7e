"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEntryDto } from "@/lib/contracts/audit";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { auditApiQuery } from "./audit-params";
import { AuditFilterForm } from "./audit-filter-form";
import { AuditTable } from "./audit-table";
import { auditKeys, type AuditFilters } from "./keys";

/** The audit log, newest first, filtered by the URL's search params, fifty entries at a time. */
export function AuditPage({ filters, suggestions }: { filters: AuditFilters; suggestions: { actions: string[]; targetTypes: string[] } }) {
  const audit = useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam }) => apiFetch<Page<AuditEntryDto>>(`/api/v1/audit?${auditApiQuery(filters, pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeader title="Audit log" description="Every change, who made it, and what it looked like before and after." />
      <AuditFilterForm key={JSON.stringify(filters)} filters={filters} suggestions={suggestions} />
      {audit.isPending ? <Loading />
        : audit.isError && entries.length === 0 ? <ErrorState error={audit.error} retry={() => audit.refetch()} />
        : entries.length === 0 ? (
          <EmptyState title={filtered ? "No entry matches these filters" : "The audit log is empty"} />
        ) : (
          <>
            <AuditTable entries={entries} />
            {audit.isFetchNextPageError && <div className="mt-3"><ErrorState error={audit.error} retry={() => audit.fetchNextPage()} /></div>}
            <div className="mt-3 flex items-center gap-3 text-sm text-slate-600">
              <span>{entries.length} {entries.length === 1 ? "entry" : "entries"}</span>
              {audit.hasNextPage && (
                <button onClick={() => audit.fetchNextPage()} disabled={audit.isFetchingNextPage} className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-50 disabled:opacity-60">
                  {audit.isFetchingNextPage ? "Loading…" : "Load more"}
                </button>
              )}
            </div>
          </>
        )}
    </>
  );
}

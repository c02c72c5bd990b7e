"use client";

import type { ReactNode } from "react";
import type { MachineDto } from "@/lib/contracts/machines";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import type { useMachinePages } from "./use-machines";

/** Loading, error and empty states, the table, and "Load more" for the server's next cursor. */
export function PagedMachineList({ pages, empty, children }: {
  pages: ReturnType<typeof useMachinePages>;
  empty: { title: string; body?: string; action?: ReactNode };
  children: (machines: MachineDto[]) => ReactNode;
}) {
  const { query, machines } = pages;
  if (query.isPending) return <Loading />;
  if (query.isError && machines.length === 0) return <ErrorState error={query.error} retry={() => query.refetch()} />;
  if (machines.length === 0) return <EmptyState {...empty} />;
  return (
    <>
      {children(machines)}
      {query.isFetchNextPageError && <div className="mt-3"><ErrorState error={query.error!} retry={() => query.fetchNextPage()} /></div>}
      <div className="mt-3 flex items-center gap-3 text-sm text-slate-600">
        <span data-testid="machine-count">{machines.length} {machines.length === 1 ? "machine" : "machines"}{query.hasNextPage ? " shown" : ""}</span>
        {query.hasNextPage && (
          <button onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage} className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-50 disabled:opacity-60">
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        )}
      </div>
    </>
  );
}

"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AuditEntryDto } from "@/lib/contracts/audit";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { PagedList } from "@/components/ui/paged-list";
import { useListParams } from "@/components/ui/pager";
import { PageHeader } from "@/components/ui/states";
import { auditApiQuery } from "./audit-params";
import { AuditFilterForm } from "./audit-filter-form";
import { AuditTable } from "./audit-table";
import { auditKeys, type AuditFilters } from "./keys";

/** The audit log, newest first (or sorted by a column), filtered by the URL, in numbered pages. */
export function AuditPage({ filters, suggestions }: { filters: AuditFilters; suggestions: { actions: string[]; targetTypes: string[] } }) {
  const list = useListParams();
  const at = { page: list.page, size: list.size, ...list.sort };
  const audit = useQuery({
    queryKey: auditKeys.list(filters, at),
    queryFn: () => apiFetch<Page<AuditEntryDto>>(`/api/v1/audit?${auditApiQuery(filters, at)}`),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeader title="Audit log" description="Every change, who made it, and what it looked like before and after." />
      <AuditFilterForm key={JSON.stringify(filters)} filters={filters} suggestions={suggestions} />
      <PagedList query={audit} items={audit.data?.items ?? []} total={audit.data?.total ?? 0} list={list} noun={["entry", "entries"]}
        empty={{ title: filtered ? "No entry matches these filters" : "The audit log is empty" }}>
        {(entries) => <AuditTable entries={entries} sort={list.sort} onSort={list.setSort} />}
      </PagedList>
    </>
  );
}

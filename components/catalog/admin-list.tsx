"use client";

import { type QueryKey, useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { type CatalogFilters, listUrl } from "./keys";
import { primaryButton, SearchBox } from "./ui";

/**
 * The shape every catalog list in the admin console shares: header with a "New …" button for
 * operator editors, the create form, a search box (q), and the table or an empty/error state.
 */
export function CatalogAdminList<T>({ title, description, noun, path, listKey, canEdit, emptyBody, form, table, children }: {
  title: string;
  description: string;
  noun: string;
  path: string;
  listKey: (filters: CatalogFilters) => QueryKey;
  canEdit: boolean;
  emptyBody?: string;
  form: (close: () => void) => ReactNode;
  table: (items: T[]) => ReactNode;
  /** Extra panels below the list (the layout "Try" box). */
  children?: ReactNode;
}) {
  const [q, setQ] = useState("");
  const [showForm, setShowForm] = useState(false);
  const list = useQuery({ queryKey: listKey({ q }), queryFn: () => apiFetch<Page<T>>(listUrl(path, { q })) });

  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={canEdit && !showForm ? <button onClick={() => setShowForm(true)} className={primaryButton}>New {noun}</button> : null}
      />
      {showForm && form(() => setShowForm(false))}
      <SearchBox label={`Search ${title.toLowerCase()}`} value={q} onChange={setQ} />
      {list.isPending ? <Loading />
        : list.isError ? <ErrorState error={list.error} retry={() => list.refetch()} />
        : list.data.items.length === 0 ? (
          <EmptyState title={q ? `No ${noun} matches your search` : `No ${title.toLowerCase()} yet`} body={q || !canEdit ? undefined : emptyBody} />
        ) : table(list.data.items)}
      {children}
    </>
  );
}

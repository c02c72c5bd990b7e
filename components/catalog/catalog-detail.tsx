"use client";

import { type QueryKey, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { apiFetch } from "@/lib/api-client";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { Alert, dangerButton, Saved } from "./ui";
import { useConfirmDelete } from "./use-confirm-delete";

/**
 * One catalog entry: header with a delete button for operator editors (a 409 explains what still
 * uses it), a "saved" notice, the entry's own content, and the way back to the list.
 */
export function CatalogDetail<T extends { id: string }>({ noun, url, queryKey, invalidate, listHref, listLabel, canEdit, title, description, children }: {
  noun: string;
  url: string;
  queryKey: QueryKey;
  invalidate: readonly QueryKey[];
  listHref: string;
  listLabel: string;
  canEdit: boolean;
  title: (item: T) => string;
  description?: (item: T) => string | undefined;
  children: (item: T, onSaved: () => void) => ReactNode;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const item = useQuery({ queryKey, queryFn: () => apiFetch<T>(url) });
  const { mutation: remove, confirmDelete } = useConfirmDelete({ noun, url: () => url, invalidate, onDeleted: () => router.push(listHref) });
  const heading = noun[0].toUpperCase() + noun.slice(1);
  const back = <p className="mt-6 text-sm"><Link href={listHref} className="text-brand-700 hover:underline">← {listLabel}</Link></p>;

  if (item.isPending) return <><PageHeader title={heading} /><Loading /></>;
  if (item.isError) return <><PageHeader title={heading} /><ErrorState error={item.error} retry={() => item.refetch()} />{back}</>;
  const data = item.data;
  return (
    <>
      <PageHeader
        title={title(data)}
        description={description?.(data)}
        actions={canEdit ? (
          <button onClick={() => confirmDelete(data.id)} disabled={remove.isPending} className={dangerButton}>Delete {noun}</button>
        ) : null}
      />
      {remove.isError && <Alert>{remove.error.message}</Alert>}
      {saved && <Saved />}
      {children(data, () => setSaved(true))}
      {back}
    </>
  );
}

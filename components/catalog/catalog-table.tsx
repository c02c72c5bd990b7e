"use client";

import type { QueryKey } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { rowDangerButton, smallButton } from "@/components/ui/buttons";
import { actionsColumn, DataTable } from "@/components/ui/data-table";
import { ActionError } from "@/components/ui/states";
import { useConfirmDelete } from "./use-confirm-delete";

type Entity = { id: string; name?: string; description?: string };

/** The first column of a catalog list: the id linked to its page, then name and description. */
export function entityColumn<T extends Entity>(header: string, href: (id: string) => string): ColumnDef<T, unknown> {
  return {
    id: "entity", header, enableHiding: false,
    cell: ({ row: { original: e } }) => (
      <>
        <Link href={href(e.id)} className="font-mono font-medium text-brand-700 hover:underline">{e.id}</Link>
        {e.name && <div>{e.name}</div>}
        {e.description && <div className="text-slate-600">{e.description}</div>}
      </>
    ),
  };
}

/** Labels as key=value lines. */
export const labelsCell = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => <div key={k}>{k}={v}</div>);

/**
 * A catalog list (partitions, sizes, images, layouts, reservations) on the kit table, with
 * Edit/View and a confirmed Delete per row. `describe` names a row in the dialog and the
 * button's accessible name (default: the id).
 */
export function CatalogTable<T extends { id: string }>({ caption, noun, rows, columns, href, canEdit, invalidate, describe = (r) => r.id }: {
  caption: string;
  noun: string;
  rows: T[];
  columns: ColumnDef<T, unknown>[];
  href: (id: string) => string;
  canEdit: boolean;
  invalidate: readonly QueryKey[];
  describe?: (row: T) => string;
}) {
  const { mutation: remove, confirmDelete } = useConfirmDelete({ noun, url: (id) => `/api/v1/${apiPath[noun]}/${id}`, invalidate });
  const all = [...columns, actionsColumn<T>((r) => (
    <span className="inline-flex gap-2">
      <Link href={href(r.id)} className={smallButton}>{canEdit ? "Edit" : "View"}</Link>
      {canEdit && <button onClick={() => confirmDelete(r.id, describe(r))} aria-label={`Delete ${noun} ${describe(r)}`} className={rowDangerButton}>Delete</button>}
    </span>
  ))];
  return (
    <>
      <ActionError error={remove.error} />
      <DataTable caption={caption} columns={all} data={rows} rowProps={(r) => ({ "data-testid": `${noun}-row`, "data-id": r.id })} />
    </>
  );
}

const apiPath: Record<string, string> = {
  partition: "partitions", size: "sizes", image: "images", layout: "filesystem-layouts", reservation: "size-reservations",
};

"use client";

import { type ColumnDef, flexRender, getCoreRowModel, type RowData, useReactTable } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import type { HTMLAttributes } from "react";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The API's `sort` key for this column; absent: the column does not sort. */
    sortKey?: string;
    /** Extra classes of the column's cells (e.g. "font-mono text-xs"). */
    className?: string;
  }
}

export type SortState = { sort?: string; order?: "asc" | "desc" };

/**
 * The kit's data table, on TanStack Table. Sorting is server-side: a sortable header is a button
 * that asks for `sort`/`order` (the page puts them in the URL, the API sorts with keyset
 * cursors), and aria-sort tells screen readers the current order. The header sticks while the
 * page scrolls. Below `md` every row becomes a card: cells stack, each with its column's name,
 * so nothing is cut off on a phone (and row actions stay reachable).
 */
export function DataTable<T>({ caption, columns, data, sort, onSort, rowProps }: {
  caption: string;
  columns: ColumnDef<T, unknown>[];
  data: T[];
  sort?: SortState;
  onSort?: (next: SortState) => void;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
}) {
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true });
  const toggle = (key: string) => onSort?.(sort?.sort !== key ? { sort: key, order: "asc" } : sort.order === "desc" ? { sort: undefined, order: undefined } : { sort: key, order: "desc" });
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm md:overflow-x-auto">
      <table className="block w-full text-left text-sm md:table">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden bg-slate-50 text-slate-600 md:table-header-group">
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const key = h.column.columnDef.meta?.sortKey;
                const active = key && sort?.sort === key ? sort.order ?? "asc" : null;
                const label = h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <th key={h.id} scope="col" aria-sort={active === "asc" ? "ascending" : active === "desc" ? "descending" : key ? "none" : undefined} className="px-3 py-2 font-medium whitespace-nowrap">
                    {key && onSort ? (
                      <button type="button" onClick={() => toggle(key)} className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:bg-slate-100 hover:text-slate-900">
                        {label}
                        {active === "asc" ? <ArrowUp aria-hidden className="size-3.5" /> : active === "desc" ? <ArrowDown aria-hidden className="size-3.5" /> : <ArrowUpDown aria-hidden className="size-3.5 opacity-50" />}
                      </button>
                    ) : label}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="block md:table-row-group">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} {...rowProps?.(row.original)} className="block border-t border-slate-100 p-3 first:border-t-0 md:table-row md:p-0 md:align-top">
              {row.getVisibleCells().map((cell) => {
                const header = cell.column.columnDef.header;
                return (
                  <td key={cell.id} className={`flex gap-3 py-0.5 md:table-cell md:px-3 md:py-2 ${cell.column.columnDef.meta?.className ?? ""}`}>
                    {typeof header === "string" && header && <span aria-hidden className="w-24 shrink-0 text-xs font-medium text-slate-600 md:hidden">{header}</span>}
                    <div className="min-w-0">{flexRender(cell.column.columnDef.cell, cell.getContext())}</div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { type ColumnDef, getCoreRowModel, type RowData, useReactTable, type VisibilityState } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Check, Columns3 } from "lucide-react";
import { Fragment, type HTMLAttributes, type ReactNode, useEffect, useState } from "react";
import { smallButton } from "./buttons";

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
export function DataTable<T>({ caption, columns, data, sort, onSort, rowProps, chooserKey, defaultHidden, expanded }: {
  caption: string;
  columns: ColumnDef<T, unknown>[];
  data: T[];
  sort?: SortState;
  onSort?: (next: SortState) => void;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
  /** Offer a column chooser; the choice is remembered in localStorage under this key. */
  chooserKey?: string;
  /** Column ids hidden until the chooser shows them (wide, rarely needed columns). */
  defaultHidden?: string[];
  /** Details under a row (e.g. an audit entry's diff), full width; null: none. The row's own cell holds the toggle. */
  expanded?: (row: T) => { id: string; content: ReactNode } | null;
}) {
  const [visibility, setVisibility] = useStoredVisibility(chooserKey, defaultHidden);
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true, state: { columnVisibility: visibility }, onColumnVisibilityChange: setVisibility });
  const toggle = (key: string) => onSort?.(sort?.sort !== key ? { sort: key, order: "asc" } : sort.order === "desc" ? { sort: undefined, order: undefined } : { sort: key, order: "desc" });
  return (
    <>
    {chooserKey && (
      <div className="mb-2 flex justify-end">
        <DropdownMenu.Root modal={false}>
          <DropdownMenu.Trigger className={smallButton}><Columns3 aria-hidden className="size-3.5" />Columns</DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-44 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg">
              {table.getAllLeafColumns().filter((c) => c.getCanHide() && typeof c.columnDef.header === "string" && c.columnDef.header).map((c) => (
                <DropdownMenu.CheckboxItem key={c.id} checked={c.getIsVisible()} onCheckedChange={(v) => c.toggleVisibility(!!v)} onSelect={(e) => e.preventDefault()}
                  className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100">
                  <span className="inline-flex size-4 items-center justify-center"><DropdownMenu.ItemIndicator><Check aria-hidden className="size-4" /></DropdownMenu.ItemIndicator></span>
                  {String(c.columnDef.header)}
                </DropdownMenu.CheckboxItem>
              ))}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </div>
    )}
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm md:overflow-x-auto">
      <table className="block w-full text-left text-sm md:table">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden bg-slate-50 text-slate-600 md:table-header-group">
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const key = h.column.columnDef.meta?.sortKey;
                const active = key && sort?.sort === key ? sort.order ?? "asc" : null;
                const label = h.isPlaceholder ? null : render(h.column.columnDef.header, h.getContext());
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
          {table.getRowModel().rows.map((row) => {
            const details = expanded?.(row.original);
            return (
            <Fragment key={row.id}>
            <tr {...rowProps?.(row.original)} className="block border-t border-slate-100 p-3 first:border-t-0 md:table-row md:p-0 md:align-top">
              {row.getVisibleCells().map((cell) => {
                const header = cell.column.columnDef.header;
                return (
                  <td key={cell.id} className={`flex gap-3 py-0.5 max-md:whitespace-normal max-md:[overflow-wrap:anywhere] md:table-cell md:px-3 md:py-2 ${cell.column.columnDef.meta?.className ?? ""}`}>
                    {typeof header === "string" && header && <span aria-hidden className="w-24 shrink-0 text-xs font-medium text-slate-600 md:hidden">{header}</span>}
                    <div className="min-w-0">{render(cell.column.columnDef.cell, cell.getContext())}</div>
                  </td>
                );
              })}
            </tr>
            {details && (
              <tr id={details.id} className="block px-3 pb-3 md:table-row">
                <td colSpan={row.getVisibleCells().length} className="block md:table-cell md:px-3">{details.content}</td>
              </tr>
            )}
            </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
    </>
  );
}

/**
 * A header or cell definition, called as a plain function. (flexRender would mount it as a
 * component; column definitions built during render are new functions each time, so every
 * re-render would remount the cells and lose their state, e.g. an inline rename form.)
 */
function render<C>(def: ReactNode | ((ctx: C) => ReactNode) | undefined, ctx: C): ReactNode {
  return typeof def === "function" ? def(ctx) : def;
}

/** Hidden columns, kept per table in localStorage (read after mount: the server has no storage). */
function useStoredVisibility(key: string | undefined, hidden: string[] = []): [VisibilityState, (u: VisibilityState | ((old: VisibilityState) => VisibilityState)) => void] {
  const [state, setState] = useState<VisibilityState>(() => Object.fromEntries(hidden.map((id) => [id, false])));
  useEffect(() => {
    if (!key) return;
    try {
      const stored = localStorage.getItem(`columns:${key}`);
      if (stored) setState(JSON.parse(stored) as VisibilityState);
    } catch {
      // A broken stored value just means every column shows.
    }
  }, [key]);
  const set = (u: VisibilityState | ((old: VisibilityState) => VisibilityState)) => setState((old) => {
    const next = typeof u === "function" ? u(old) : u;
    if (key) localStorage.setItem(`columns:${key}`, JSON.stringify(next));
    return next;
  });
  return [state, set];
}

/**
 * The last column of a table with row actions (Edit, Delete, Release, Revoke): no visible
 * header, right-aligned on wide screens, and on a phone's card row a full-width line of its own,
 * so the actions stay reachable at 390 px.
 */
export function actionsColumn<T>(cell: (row: T) => ReactNode): ColumnDef<T, unknown> {
  return { id: "actions", header: () => <span className="sr-only">Actions</span>, enableHiding: false, meta: { className: "whitespace-nowrap pt-2 md:pt-2 md:text-right" }, cell: ({ row }) => cell(row.original) };
}

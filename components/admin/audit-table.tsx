"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { DataTable, type SortState } from "@/components/ui/data-table";
import type { AuditEntryDto } from "@/lib/contracts/audit";
import Link from "next/link";
import { auditSnapshotRows } from "@/lib/domain/audit/diff";
import { Time } from "@/components/ui/time";

/** Where an audit target lives in the admin console, when it has a page of its own. */
const targetPages: Record<string, (id: string) => string> = {
  machine: (id) => `/admin/machines/${id}`,
  tenant: (id) => `/admin/tenants/${id}`,
  partition: (id) => `/admin/partitions/${id}`,
  size: (id) => `/admin/sizes/${id}`,
  image: (id) => `/admin/images/${id}`,
  "filesystem-layout": (id) => `/admin/filesystem-layouts/${id}`,
  "size-reservation": (id) => `/admin/size-reservations/${id}`,
};

function show(v: unknown): string {
  return v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
}

const kindStyle = { added: "text-green-800", removed: "text-red-800", changed: "text-slate-900" } as const;

/** Field-level diff of before and after: one row per changed field, old value struck through. */
function Diff({ entry }: { entry: AuditEntryDto }) {
  const rows = auditSnapshotRows(entry.before, entry.after);
  if (rows.length === 0) return <p className="text-sm text-slate-600">No recorded field changes.</p>;
  return (
    <table className="w-full table-fixed text-left text-xs" aria-label={`Changes of ${entry.action} ${entry.target.id}`}>
      <thead className="text-slate-600">
        <tr><th className="w-1/4 py-1 font-medium">Field</th><th className="py-1 font-medium">Before</th><th className="py-1 font-medium">After</th></tr>
      </thead>
      <tbody className="font-mono">
        {rows.map((r) => (
          <tr key={r.path} data-testid="audit-diff-row" data-kind={r.kind} className="border-t border-slate-100 align-top">
            <td className="break-all py-1 pr-2">{r.path}</td>
            <td className="break-all py-1 pr-2 text-red-800">{r.kind !== "added" && <del>{show(r.before)}</del>}</td>
            <td className={`break-all py-1 ${kindStyle[r.kind]}`}>{r.kind !== "removed" && <ins className="no-underline">{show(r.after)}</ins>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function targetCell(entry: AuditEntryDto) {
  return (
    <>
      <span className="text-slate-600">{entry.target.type}</span>{" "}
      {targetPages[entry.target.type] && entry.action !== `${entry.target.type}.delete`
        ? <Link href={targetPages[entry.target.type](entry.target.id)} className="break-all font-mono text-xs text-brand-700 hover:underline">{entry.target.id}</Link>
        : <span className="break-all font-mono text-xs">{entry.target.id}</span>}
    </>
  );
}

const detailsId = (e: AuditEntryDto) => `audit-${e.id}-details`;

function columns(open: Set<number>, toggle: (id: number) => void): ColumnDef<AuditEntryDto, unknown>[] {
  return [
    {
      id: "changes", header: () => <span className="sr-only">Changes</span>, enableHiding: false, meta: { className: "md:w-8" },
      cell: ({ row: { original: e } }) => (
        <button
          type="button"
          onClick={() => toggle(e.id)}
          aria-expanded={open.has(e.id)}
          aria-controls={detailsId(e)}
          aria-label={`${open.has(e.id) ? "Hide" : "Show"} changes of ${e.action} ${e.target.id}`}
          className="rounded px-1 text-slate-600 hover:bg-slate-100"
        >{open.has(e.id) ? "▾" : "▸"}</button>
      ),
    },
    { id: "time", header: "Time", meta: { sortKey: "time", className: "whitespace-nowrap text-slate-600" }, cell: ({ row }) => <Time iso={row.original.time} show="absolute" /> },
    {
      id: "actor", header: "Actor", meta: { sortKey: "actor", className: "whitespace-nowrap" },
      cell: ({ row: { original: e } }) => <span title={e.actor.id ?? undefined}>{e.actor.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{e.actor.type}</span></span>,
    },
    { id: "action", header: "Action", meta: { sortKey: "action", className: "whitespace-nowrap font-mono" }, cell: ({ row }) => row.original.action },
    { id: "target", header: "Target", meta: { sortKey: "target" }, cell: ({ row }) => targetCell(row.original) },
    { id: "request", header: "Request id", meta: { className: "break-all font-mono text-xs text-slate-600" }, cell: ({ row }) => row.original.requestId ?? "—" },
  ];
}

/** The audit log as a kit table; a row's toggle shows its field-level diff underneath. */
export function AuditTable({ entries, sort, onSort }: { entries: AuditEntryDto[]; sort?: SortState; onSort?: (s: SortState) => void }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) => setOpen((o) => {
    const next = new Set(o);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  return (
    <DataTable caption="Audit log" columns={columns(open, toggle)} data={entries} sort={sort} onSort={onSort} chooserKey="audit" defaultHidden={["request"]}
      rowProps={(e) => ({ "data-testid": "audit-row", "data-audit-id": String(e.id) })}
      expanded={(e) => (open.has(e.id) ? { id: detailsId(e), content: <Diff entry={e} /> } : null)} />
  );
}

"use client";

import { Fragment, useState } from "react";
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

function AuditRow({ entry }: { entry: AuditEntryDto }) {
  const [open, setOpen] = useState(false);
  const detailsId = `audit-${entry.id}-details`;
  return (
    <Fragment>
      <tr className="border-t border-slate-100 align-top">
        <td className="px-3 py-2">
          <button
            type="button"
            onClick={() => setOpen(!open)}
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? "Hide" : "Show"} changes of ${entry.action} ${entry.target.id}`}
            className="rounded px-1 text-slate-500 hover:bg-slate-100"
          >{open ? "▾" : "▸"}</button>
        </td>
        <td className="px-3 py-2 whitespace-nowrap text-slate-600"><Time iso={entry.time} show="absolute" /></td>
        <td className="px-3 py-2 whitespace-nowrap" title={entry.actor.id ?? undefined}>
          {entry.actor.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{entry.actor.type}</span>
        </td>
        <td className="px-3 py-2 whitespace-nowrap font-mono">{entry.action}</td>
        <td className="px-3 py-2">
          <span className="text-slate-600">{entry.target.type}</span>{" "}
          {targetPages[entry.target.type] && entry.action !== `${entry.target.type}.delete`
            ? <Link href={targetPages[entry.target.type](entry.target.id)} className="break-all font-mono text-xs text-brand-700 hover:underline">{entry.target.id}</Link>
            : <span className="break-all font-mono text-xs">{entry.target.id}</span>}
        </td>
        <td className="hidden break-all px-3 py-2 font-mono text-xs text-slate-600 xl:table-cell">{entry.requestId ?? "—"}</td>
      </tr>
      {open && (
        <tr id={detailsId} className="bg-white">
          <td colSpan={6} className="px-3 pb-3">
            <Diff entry={entry} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function AuditTable({ entries }: { entries: AuditEntryDto[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" aria-label="Audit log, newest first">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="w-8 px-3 py-2"><span className="sr-only">Changes</span></th>
            <th className="px-3 py-2 font-medium">Time</th>
            <th className="px-3 py-2 font-medium">Actor</th>
            <th className="px-3 py-2 font-medium">Action</th>
            <th className="px-3 py-2 font-medium">Target</th>
            <th className="hidden px-3 py-2 font-medium xl:table-cell">Request id</th>
          </tr>
        </thead>
        <tbody>{entries.map((e) => <AuditRow key={e.id} entry={e} />)}</tbody>
      </table>
    </div>
  );
}

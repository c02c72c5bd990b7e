"use client";

import { Fragment, useState } from "react";
import type { AuditEntryDto } from "@/lib/contracts/audit";
import { Time } from "@/components/ui/time";

function Snapshot({ title, value }: { title: string; value: unknown }) {
  return (
    <div className="min-w-0">
      <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">{title}</p>
      <pre className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs">
        {value === null || value === undefined ? "—" : JSON.stringify(value, null, 2)}
      </pre>
    </div>
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
        <td className="px-3 py-2 whitespace-nowrap"><span className="text-slate-500">{entry.target.type}</span> <span className="font-mono text-xs">{entry.target.id}</span></td>
        <td className="px-3 py-2 whitespace-nowrap font-mono text-xs text-slate-500">{entry.requestId ?? "—"}</td>
      </tr>
      {open && (
        <tr id={detailsId} className="bg-white">
          <td colSpan={6} className="px-3 pb-3">
            <div className="grid gap-3 md:grid-cols-2">
              <Snapshot title="Before" value={entry.before} />
              <Snapshot title="After" value={entry.after} />
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function AuditTable({ entries }: { entries: AuditEntryDto[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="w-8 px-3 py-2"><span className="sr-only">Changes</span></th>
            <th className="px-3 py-2 font-medium">Time</th>
            <th className="px-3 py-2 font-medium">Actor</th>
            <th className="px-3 py-2 font-medium">Action</th>
            <th className="px-3 py-2 font-medium">Target</th>
            <th className="px-3 py-2 font-medium">Request id</th>
          </tr>
        </thead>
        <tbody>{entries.map((e) => <AuditRow key={e.id} entry={e} />)}</tbody>
      </table>
    </div>
  );
}

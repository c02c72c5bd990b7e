"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import type { AuditFilters } from "./keys";
import { auditFiltersFrom, auditSearch } from "./audit-params";

const inputClass = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5";

/**
 * Applying the filters navigates, so the filtered view is a URL that can be shared. Action and
 * target type suggest what the log actually holds (read on the server).
 */
export function AuditFilterForm({ filters, suggestions }: { filters: AuditFilters; suggestions: { actions: string[]; targetTypes: string[] } }) {
  const router = useRouter();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    router.push(`/admin/audit${auditSearch(auditFiltersFrom((name) => form.get(name)))}`);
  }
  const fields = [
    { name: "action", label: "Action", list: "audit-actions", placeholder: "e.g. project.create" },
    { name: "targetType", label: "Target type", list: "audit-targets", placeholder: "e.g. project" },
    { name: "actor", label: "Actor name", placeholder: "name or part of it" },
  ] as const;

  return (
    <form onSubmit={submit} aria-label="Audit log filters" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-6 lg:items-end">
      {fields.map((f) => (
        <label key={f.name} className="text-sm">
          <span className="mb-1 block font-medium">{f.label}</span>
          <input name={f.name} defaultValue={filters[f.name]} list={"list" in f ? f.list : undefined} placeholder={f.placeholder} className={inputClass} />
        </label>
      ))}
      <label className="text-sm">
        <span className="mb-1 block font-medium">Since</span>
        <input type="date" name="since" defaultValue={filters.since} className={inputClass} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Until</span>
        <input type="date" name="until" defaultValue={filters.until} className={inputClass} />
      </label>
      <div className="flex gap-2">
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Filter</button>
        <Link href="/admin/audit" className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50">Clear</Link>
      </div>
      <datalist id="audit-actions">{suggestions.actions.map((a) => <option key={a} value={a} />)}</datalist>
      <datalist id="audit-targets">{suggestions.targetTypes.map((t) => <option key={t} value={t} />)}</datalist>
    </form>
  );
}

"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { LIFECYCLE_STATES } from "@/lib/domain/lifecycle/events";
import { machineConditions, machineIssues, machineLivelinessValues } from "@/lib/contracts/machines";
import { usePartitions } from "@/components/networks/use-networks";
import type { MachineFilters } from "./keys";
import { useSizes } from "./use-machines";

export type FilterField = "partitionId" | "sizeId" | "state" | "liveliness" | "condition" | "allocated" | "issue";

const issueLabels: Record<(typeof machineIssues)[number], string> = {
  crashLoop: "Crash loop", failedReclaim: "Failed reclaim", dead: "Dead", unknown: "Unknown liveliness", noSize: "No size", failed: "Stuck (timed out)",
  bmcOutdated: "BMC info outdated", bmcCommandFailed: "Last BMC command failed", bmcOutsideNetworks: "BMC outside its networks",
  cabling: "Cabling", uplinkDown: "Uplink or BGP down",
};

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

/** The URL of a list with these filters: filtered views are links that can be shared. */
export function filterHref(basePath: string, filters: MachineFilters): string {
  const s = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `${basePath}?${s}` : basePath;
}

/** Filter selects (each change navigates) and, for operators, a search box. */
export function MachineFilterBar({ basePath, filters, fields, search = false }: {
  basePath: string;
  filters: MachineFilters;
  fields: FilterField[];
  search?: boolean;
}) {
  const router = useRouter();
  const partitions = usePartitions();
  const sizes = useSizes();
  const go = (change: MachineFilters) => router.push(filterHref(basePath, { ...filters, ...change }));
  const options: Record<FilterField, { label: string; all: string; values: { value: string; label: string }[] }> = {
    partitionId: { label: "Filter by partition", all: "All partitions", values: (partitions.data?.items ?? []).map((p) => ({ value: p.id, label: p.name || p.id })) },
    sizeId: { label: "Filter by size", all: "All sizes", values: (sizes.data?.items ?? []).map((s) => ({ value: s.id, label: s.id })) },
    state: { label: "Filter by state", all: "All states", values: LIFECYCLE_STATES.map((s) => ({ value: s, label: s })) },
    liveliness: { label: "Filter by liveliness", all: "Any liveliness", values: machineLivelinessValues.map((s) => ({ value: s, label: s })) },
    condition: { label: "Filter by condition", all: "Any condition", values: machineConditions.map((s) => ({ value: s, label: s })) },
    allocated: { label: "Filter by allocation", all: "Allocated or free", values: [{ value: "true", label: "Allocated" }, { value: "false", label: "Free" }] },
    issue: { label: "Filter by issue", all: "With or without issues", values: machineIssues.map((s) => ({ value: s, label: issueLabels[s] })) },
  };
  function submitSearch(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    go({ q: String(new FormData(e.currentTarget).get("q") ?? "").trim() || undefined });
  }

  return (
    <div className="mb-3 flex flex-wrap items-center gap-2">
      {fields.map((f) => (
        <select key={f} aria-label={options[f].label} value={filters[f] ?? ""} onChange={(e) => go({ [f]: e.target.value || undefined })} className={select}>
          <option value="">{options[f].all}</option>
          {/* A value from the URL that is not (yet) among the options still shows. */}
          {filters[f] && !options[f].values.some((v) => v.value === filters[f]) && <option value={filters[f]}>{filters[f]}</option>}
          {options[f].values.map((v) => <option key={v.value} value={v.value}>{v.label}</option>)}
        </select>
      ))}
      {search && (
        <form onSubmit={submitSearch} role="search" className="flex gap-2">
          <label className="text-sm">
            <span className="sr-only">Search machines</span>
            <input key={filters.q ?? ""} name="q" type="search" defaultValue={filters.q} placeholder="ID, hostname or name" className="w-56 rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
          </label>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">Search</button>
        </form>
      )}
    </div>
  );
}

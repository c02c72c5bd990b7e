"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { PartitionCapacityDto } from "@/lib/contracts/catalog";
import { api, unwrap } from "@/lib/api-client";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { partitionKeys } from "./keys";

type SizeCapacity = PartitionCapacityDto["sizes"][number];

/**
 * The segments of a bar, which add up to the size's total. "Reserved" is the part of the waiting
 * machines that reservations hold back (waiting − free); a reservation bigger than what is waiting
 * cannot hold more machines than exist, so the text says so separately.
 */
const segments = [
  { key: "allocated", label: "Allocated", help: "in use by a project", className: "bg-brand-600", value: (c: SizeCapacity) => c.allocated },
  { key: "free", label: "Free", help: "waiting and allocatable by anyone", className: "bg-green-500", value: (c: SizeCapacity) => c.free },
  { key: "reserved", label: "Reserved", help: "waiting, held for size reservations", className: "bg-amber-400", value: (c: SizeCapacity) => Math.max(0, c.waiting - c.free) },
  { key: "unavailable", label: "Unavailable", help: "locked, tainted or dead", className: "bg-slate-500", value: (c: SizeCapacity) => c.unavailable },
  { key: "faulty", label: "Faulty", help: "crash loop or failed reclaim", className: "bg-red-500", value: (c: SizeCapacity) => c.faulty },
  { key: "other", label: "Other", help: "booting, registering or being reclaimed", className: "bg-slate-300", value: (c: SizeCapacity) => c.other },
] as const;

export function capacitySummary(c: SizeCapacity): string {
  const parts = segments.map((s) => `${s.value(c)} ${s.label.toLowerCase()}`);
  const held = segments[2].value(c);
  const short = c.reserved > held ? `; reservations ask for ${c.reserved}, more than are waiting` : "";
  return `${c.total} ${c.total === 1 ? "machine" : "machines"}: ${parts.join(", ")}${short}`;
}

function CapacityBar({ capacity }: { capacity: SizeCapacity }) {
  const summary = capacitySummary(capacity);
  return (
    <li className="grid gap-1 sm:grid-cols-[12rem_1fr] sm:items-center sm:gap-4">
      <Link href={`/admin/sizes/${capacity.sizeId}`} className="truncate font-mono text-sm font-medium text-brand-700 hover:underline">{capacity.sizeId}</Link>
      <div>
        <div role="img" aria-label={`${capacity.sizeId}: ${summary}`} className="flex h-5 w-full overflow-hidden rounded bg-slate-100">
          {capacity.total > 0 && segments.map((s) => {
            const n = s.value(capacity);
            return n > 0 ? <div key={s.key} title={`${s.label}: ${n}`} className={s.className} style={{ width: `${(n / capacity.total) * 100}%` }} /> : null;
          })}
        </div>
        <p className="mt-1 text-xs text-slate-600" aria-hidden>{summary}</p>
      </div>
    </li>
  );
}

export function CapacityLegend() {
  return (
    <ul aria-label="Legend" className="mb-4 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {segments.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span className={`inline-block size-3 rounded-sm ${s.className}`} aria-hidden />
          <span><span className="font-medium text-slate-800">{s.label}</span> — {s.help}</span>
        </li>
      ))}
    </ul>
  );
}

/** One stacked bar per size (the legend is separate, so several partitions can share one). */
export function CapacityBarList({ sizes }: { sizes: SizeCapacity[] }) {
  return <ul className="grid gap-4">{sizes.map((c) => <CapacityBar key={c.sizeId} capacity={c} />)}</ul>;
}

function capacityQuery(partitionId: string) {
  return {
    queryKey: partitionKeys.capacity(partitionId),
    queryFn: () => unwrap(api.GET("/api/v1/partitions/{id}/capacity", { params: { path: { id: partitionId } } })),
  };
}

/** Sums a partition's sizes into one bar's worth of numbers. */
function totalOf(sizes: SizeCapacity[]): SizeCapacity {
  const sum = (k: keyof SizeCapacity) => sizes.reduce((n, c) => n + (c[k] as number), 0);
  return { sizeId: "all sizes", total: sum("total"), allocated: sum("allocated"), free: sum("free"), waiting: sum("waiting"), reserved: sum("reserved"), unavailable: sum("unavailable"), faulty: sum("faulty"), other: sum("other") };
}

/** The partitions list's capacity column: one small stacked bar over all sizes, and the numbers. */
export function PartitionCapacityCell({ partitionId }: { partitionId: string }) {
  const capacity = useQuery(capacityQuery(partitionId));
  if (capacity.isPending) return <span className="text-slate-600">…</span>;
  if (capacity.isError) return <span className="text-red-800">{capacity.error.message}</span>;
  const t = totalOf(capacity.data.sizes);
  if (t.total === 0) return <span className="text-slate-600">no machines yet</span>;
  return (
    <div className="min-w-40" data-testid="partition-capacity">
      <div role="img" aria-label={`${partitionId}: ${capacitySummary(t)}`} className="flex h-2.5 w-full overflow-hidden rounded bg-slate-100">
        {segments.map((s) => { const n = s.value(t); return n > 0 ? <div key={s.key} className={s.className} style={{ width: `${(n / t.total) * 100}%` }} /> : null; })}
      </div>
      <p className="mt-1 text-xs text-slate-600">{t.free} free · {t.allocated} allocated · {t.total} total</p>
    </div>
  );
}

/** Machines of a size that can be allocated right now, summed over partitions (the catalog's "available"). */
export function useAvailability(partitionIds: string[]): Map<string, number> | null {
  const all = useQueries({ queries: partitionIds.map(capacityQuery) });
  if (all.some((q) => q.isPending || q.isError)) return null;
  const bySize = new Map<string, number>();
  for (const q of all) for (const c of q.data!.sizes) bySize.set(c.sizeId, (bySize.get(c.sizeId) ?? 0) + c.free);
  return bySize;
}

/** Machine capacity of a partition: one stacked bar per size. */
export function CapacityPanel({ partitionId }: { partitionId: string }) {
  const capacity = useQuery(capacityQuery(partitionId));
  return (
    <section aria-labelledby="capacity-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="capacity-heading" className="mb-2 text-lg font-semibold">Capacity per size</h2>
      {capacity.isPending ? <Loading />
        : capacity.isError ? <ErrorState error={capacity.error} retry={() => capacity.refetch()} />
        : capacity.data.sizes.length === 0 ? <EmptyState title="No machines in this partition yet" body="Machines appear here by size once they register." />
        : (
          <>
            <CapacityLegend />
            <CapacityBarList sizes={capacity.data.sizes} />
          </>
        )}
    </section>
  );
}

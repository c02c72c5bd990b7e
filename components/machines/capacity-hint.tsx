import type { PartitionCapacityDto } from "@/lib/contracts/catalog";

type SizeCapacity = PartitionCapacityDto["sizes"][number];

/**
 * What an allocation of this size can get now. `free` already leaves out machines held for size
 * reservations; a project holding a reservation may still get one of those, so only "nothing
 * waiting at all" blocks the form, and "all held back" is explained instead.
 */
export function availability(c: SizeCapacity | undefined): { blocked: boolean; text: string } {
  if (!c || c.waiting === 0) {
    const busy = c ? [
      c.allocated && `${c.allocated} allocated`,
      c.other && `${c.other} booting or being reclaimed`,
      c.unavailable && `${c.unavailable} locked, tainted or not responding`,
      c.faulty && `${c.faulty} in a crash loop or failed reclaim`,
    ].filter(Boolean).join(", ") : "";
    return { blocked: true, text: `No machine of this size is available right now${busy ? ` (${busy})` : ""}. Choose another size or partition, or try again later.` };
  }
  if (c.free === 0) return { blocked: false, text: `All ${c.waiting} waiting machines are held for size reservations: only a project holding one can get a machine.` };
  const held = c.waiting - c.free;
  return { blocked: false, text: `${c.free} ${c.free === 1 ? "machine" : "machines"} available now${held > 0 ? ` (${held} more held for reservations)` : ""}.` };
}

export function CapacityHint({ capacity, pending, error }: { capacity: SizeCapacity | undefined; pending: boolean; error: Error | null }) {
  if (pending) return <p className="text-sm text-slate-500" role="status">Checking availability…</p>;
  if (error) return <p role="status" className="text-sm text-slate-600">Availability could not be checked ({error.message}); you can still try.</p>;
  const a = availability(capacity);
  return (
    <p role="status" data-testid="capacity-hint" className={`rounded-md border p-2 text-sm ${a.blocked ? "border-amber-300 bg-amber-50 text-amber-900" : "border-green-200 bg-green-50 text-green-900"}`}>
      {a.text}
    </p>
  );
}

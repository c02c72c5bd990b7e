import type { PartitionCapacityDto } from "@/lib/contracts/catalog";

export type SizeCapacity = PartitionCapacityDto["sizes"][number];

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

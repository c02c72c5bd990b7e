import { MACHINE_SORTS } from "@/lib/contracts/machines";
import type { MachineFilters } from "./keys";

/** The named filters present in a page's search params; anything else in the URL is ignored. */
export function filtersFrom(params: Record<string, string | string[] | undefined>, names: (keyof MachineFilters)[]): MachineFilters {
  const out: MachineFilters = {};
  for (const name of names) {
    const v = params[name];
    if (typeof v === "string" && v.trim()) out[name] = v.trim().slice(0, 100);
  }
  // A sort the API does not know would only turn the page into an error: drop it.
  if (out.sort && !(MACHINE_SORTS as readonly string[]).includes(out.sort)) delete out.sort;
  if (out.order !== undefined && (!out.sort || !["asc", "desc"].includes(out.order))) delete out.order;
  return out;
}

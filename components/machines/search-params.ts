import type { MachineFilters } from "./keys";

/** The named filters present in a page's search params; anything else in the URL is ignored. */
export function filtersFrom(params: Record<string, string | string[] | undefined>, names: (keyof MachineFilters)[]): MachineFilters {
  const out: MachineFilters = {};
  for (const name of names) {
    const v = params[name];
    if (typeof v === "string" && v.trim()) out[name] = v.trim().slice(0, 100);
  }
  return out;
}

/**
 * TanStack Query keys for machines. Everything about one machine (its DTO, its events, the
 * operators' inventory view, its BMC panel and BMC command history) sits under detail(id), so
 * one live update invalidates all of it: the executor notifies the machine's channel on every
 * command status change, and the stream turns that into an invalidation of detail(id).
 */
export type MachineFilters = {
  projectId?: string;
  partitionId?: string;
  sizeId?: string;
  rack?: string;
  state?: string;
  liveliness?: string;
  condition?: string;
  issue?: string;
  allocated?: string;
  q?: string;
  /** Server-side sort (MACHINE_SORTS) and direction, from the URL like the filters. */
  sort?: string;
  order?: string;
  /** Numbered page and page size (list keys only; the URL carries them as page/size). */
  page?: string;
  size?: string;
};

export const machineKeys = {
  all: ["machines"] as const,
  lists: ["machines", "list"] as const,
  list: (filters: MachineFilters) => ["machines", "list", filters] as const,
  detail: (id: string) => ["machines", "detail", id] as const,
  events: (id: string) => ["machines", "detail", id, "events"] as const,
  admin: (id: string) => ["machines", "detail", id, "admin"] as const,
  bmc: (id: string) => ["machines", "detail", id, "bmc"] as const,
  bmcCommands: (id: string) => ["machines", "detail", id, "bmc-commands"] as const,
  powerReadings: (id: string) => ["machines", "detail", id, "power-readings"] as const,
};

export const PAGE_SIZE = 50;

/** GET /api/v1/machines with the filters that are set: a numbered page, or the page after a cursor. */
export function machineListUrl(filters: MachineFilters, at: { page: number } | { cursor: string | null }, limit = PAGE_SIZE): string {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const [k, v] of Object.entries(filters)) if (v && k !== "page" && k !== "size") params.set(k, v);
  if ("page" in at) params.set("page", String(at.page));
  else if (at.cursor) params.set("cursor", at.cursor);
  return `/api/v1/machines?${params}`;
}

export const machineUrl = (id: string) => `/api/v1/machines/${encodeURIComponent(id)}`;

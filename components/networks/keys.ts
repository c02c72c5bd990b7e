/** TanStack Query keys for networks and IPs; IP changes invalidate networks too (usage figures move). */
export type NetworkFilters = { projectId?: string; partitionId?: string; kind?: string; q?: string };
export type IpFilters = { projectId?: string; q?: string };

export const networkKeys = {
  all: ["networks"] as const,
  lists: ["networks", "list"] as const,
  list: (filters: NetworkFilters) => ["networks", "list", filters] as const,
  detail: (id: string) => ["networks", "detail", id] as const,
};

export const ipKeys = {
  all: ["ips"] as const,
  list: (filters: IpFilters) => ["ips", "list", filters] as const,
};

/** The list URL of an API collection with its filters (empty ones left out). */
export function listUrl(path: string, filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams({ limit: "500" });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return `${path}?${params}`;
}

import { useQuery } from "@tanstack/react-query";
import type { NetworkDto } from "@/lib/contracts/networks";
import type { Page } from "@/lib/http/pagination";
import { api, apiFetch, unwrap } from "@/lib/api-client";
import { partitionKeys } from "@/components/catalog/keys";
import { listUrl, type NetworkFilters, networkKeys } from "./keys";

export function useNetworkList(filters: NetworkFilters) {
  return useQuery({
    queryKey: networkKeys.list(filters),
    queryFn: () => apiFetch<Page<NetworkDto>>(listUrl("/api/v1/networks", filters)),
  });
}

/** May the project take IPs from a network it does not own? (The API decides; this only filters the menu.) */
function usableFrom(n: NetworkDto, projectId: string): boolean {
  if (n.projectId === projectId) return false;
  if (n.kind === "private-shared") return true;
  return n.kind === "external" && (n.allowedProjectIds === null || n.allowedProjectIds.includes(projectId));
}

/**
 * The project's own networks, and the shared and external networks of others it may use.
 * The API lists those separately: ?projectId= gives only the project's.
 */
export function useProjectNetworks(projectId: string) {
  const own = useNetworkList({ projectId });
  const shared = useNetworkList({ kind: "private-shared" });
  const external = useNetworkList({ kind: "external" });
  const others = [...(shared.data?.items ?? []), ...(external.data?.items ?? [])].filter((n) => usableFrom(n, projectId));
  const queries = [own, shared, external];
  return {
    own: own.data?.items ?? [],
    others,
    usable: [...(own.data?.items ?? []), ...others],
    isPending: queries.some((q) => q.isPending),
    error: queries.find((q) => q.isError)?.error ?? null,
    refetch: () => queries.forEach((q) => q.refetch()),
  };
}

export function usePartitions() {
  return useQuery({
    queryKey: partitionKeys.list(),
    queryFn: () => unwrap(api.GET("/api/v1/partitions", { params: { query: { limit: 200 } } })),
  });
}

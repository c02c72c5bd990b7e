import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { imageKeys, partitionKeys } from "@/components/catalog/keys";
import { useNetworkList, usePartitions } from "@/components/networks/use-networks";
import { useSizes } from "./use-machines";

/** Installable images: machine images that have not expired, newest first. */
export function useMachineImages() {
  return useQuery({
    queryKey: [...imageKeys.lists, { feature: "machine" }] as const,
    queryFn: () => unwrap(api.GET("/api/v1/images", { params: { query: { limit: 200, feature: "machine" } } })),
    select: (page) => page.items.filter((i) => !i.expired).sort((a, b) => b.id.localeCompare(a.id)),
  });
}

export function useCapacity(partitionId: string, refetchInterval: number) {
  return useQuery({
    queryKey: partitionKeys.capacity(partitionId),
    queryFn: () => unwrap(api.GET("/api/v1/partitions/{id}/capacity", { params: { path: { id: partitionId } } })),
    enabled: partitionId !== "",
    refetchInterval,
  });
}

/** Everything the allocation form offers; the form narrows the networks to the chosen partition. */
export function useAllocationOptions(projectId: string) {
  const partitions = usePartitions();
  const sizes = useSizes();
  const images = useMachineImages();
  const networks = useNetworkList({ projectId });
  const queries = [partitions, sizes, images];
  return {
    partitions: partitions.data?.items ?? [],
    sizes: sizes.data?.items ?? [],
    images: images.data ?? [],
    /** Private networks the machine can join as its primary network. */
    networks: (networks.data?.items ?? []).filter((n) => n.kind === "private" || n.kind === "private-shared"),
    networksPending: networks.isPending,
    pending: queries.some((q) => q.isPending),
    error: queries.find((q) => q.isError)?.error ?? null,
    refetch: () => queries.forEach((q) => q.refetch()),
  };
}

import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { projectKeys } from "@/components/projects/keys";
import { partitionKeys, sizeKeys } from "./keys";

/** What a reservation refers to: every project (operators see all), size and partition. */
export function useReservationOptions() {
  const projects = useQuery({ queryKey: projectKeys.list(), queryFn: () => unwrap(api.GET("/api/v1/projects", { params: { query: { limit: 200 } } })) });
  const sizes = useQuery({ queryKey: sizeKeys.list(), queryFn: () => unwrap(api.GET("/api/v1/sizes", { params: { query: { limit: 200 } } })) });
  const partitions = useQuery({ queryKey: partitionKeys.list(), queryFn: () => unwrap(api.GET("/api/v1/partitions", { params: { query: { limit: 200 } } })) });
  const projectLabel = (id: string) => {
    const p = projects.data?.items.find((x) => x.id === id);
    return p ? `${p.tenantName} / ${p.name}` : id;
  };
  return {
    projects: projects.data?.items ?? [],
    sizes: sizes.data?.items ?? [],
    partitions: partitions.data?.items ?? [],
    pending: projects.isPending || sizes.isPending || partitions.isPending,
    error: projects.error ?? sizes.error ?? partitions.error,
    projectLabel,
  };
}

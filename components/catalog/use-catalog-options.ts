import { useQuery } from "@tanstack/react-query";
import type { PartitionDto, SizeDto } from "@/lib/contracts/catalog";
import type { ProjectDto } from "@/lib/contracts/projects";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { projectKeys } from "@/components/projects/keys";
import { listUrl, partitionKeys, sizeKeys } from "./keys";

/** What a reservation refers to: every project (operators see all), size and partition. */
export function useReservationOptions() {
  const projects = useQuery({ queryKey: projectKeys.list(), queryFn: () => apiFetch<Page<ProjectDto>>("/api/v1/projects?limit=200") });
  const sizes = useQuery({ queryKey: sizeKeys.list(), queryFn: () => apiFetch<Page<SizeDto>>(listUrl("/api/v1/sizes")) });
  const partitions = useQuery({ queryKey: partitionKeys.list(), queryFn: () => apiFetch<Page<PartitionDto>>(listUrl("/api/v1/partitions")) });
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

import { useQuery } from "@tanstack/react-query";
import type { ProjectDto } from "@/lib/contracts/projects";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { projectKeys } from "@/components/projects/keys";

/** Project id → "tenant / project" for operators' tables (they see every project). */
export function useProjectNames(): (id: string) => string {
  const projects = useQuery({ queryKey: projectKeys.list(), queryFn: () => apiFetch<Page<ProjectDto>>("/api/v1/projects?limit=200") });
  const names = new Map((projects.data?.items ?? []).map((p) => [p.id, `${p.tenantName} / ${p.name}`]));
  return (id) => names.get(id) ?? id;
}

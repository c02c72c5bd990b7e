import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { projectKeys } from "@/components/projects/keys";

/** Project id → "tenant / project" for operators' tables (they see every project). */
export function useProjectNames(): (id: string) => string {
  const projects = useQuery({ queryKey: projectKeys.list(), queryFn: () => unwrap(api.GET("/api/v1/projects", { params: { query: { limit: 200 } } })) });
  const names = new Map((projects.data?.items ?? []).map((p) => [p.id, `${p.tenantName} / ${p.name}`]));
  return (id) => names.get(id) ?? id;
}

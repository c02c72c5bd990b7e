"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ProjectDto } from "@/lib/contracts/projects";
import type { TenantDto } from "@/lib/contracts/tenants";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { projectKeys, tenantKeys } from "@/components/projects/keys";
import { CreateProjectForm } from "@/components/projects/create-project-form";
import { ProjectTable } from "@/components/projects/project-table";
import { PageHeader, QueryList } from "@/components/ui/states";
import { ProjectQuotaEditor } from "./project-quota-editor";
import { SearchBox } from "@/components/ui/search-box";

const button = "rounded-md px-4 py-2 text-sm font-medium";

/** Admin console: every project of every tenant, with quotas; operator editors create and set quotas. */
export function ProjectsAdminPage({ canEdit, initialTenantId }: { canEdit: boolean; initialTenantId: string }) {
  const [tenantId, setTenantId] = useState(initialTenantId);
  const [q, setQ] = useState("");
  const [panel, setPanel] = useState<"none" | "create" | "quotas">("none");
  const params = new URLSearchParams({ limit: "200", ...(tenantId && { tenantId }), ...(q && { q }) });
  const projects = useQuery({ queryKey: projectKeys.list({ tenantId, q }), queryFn: () => apiFetch<Page<ProjectDto>>(`/api/v1/projects?${params}`) });
  const tenants = useQuery({ queryKey: tenantKeys.list(), queryFn: () => apiFetch<Page<TenantDto>>("/api/v1/tenants?limit=200") });
  const allTenants = tenants.data?.items ?? [];
  // The create form preselects its first tenant: put the filtered one first.
  const createTenants = [...allTenants].sort((a, b) => Number(b.id === tenantId) - Number(a.id === tenantId));
  const items = projects.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="All projects"
        description="Every project of every tenant, with its quotas."
        actions={canEdit && panel === "none" ? (
          <div className="flex gap-2">
            {items.length > 0 && <button onClick={() => setPanel("quotas")} className={`${button} border border-slate-300 bg-white hover:bg-slate-50`}>Edit quotas</button>}
            {allTenants.length > 0 && <button onClick={() => setPanel("create")} className={`${button} bg-brand-600 text-white hover:bg-brand-700`}>New project</button>}
          </div>
        ) : null}
      />
      {panel === "create" && <CreateProjectForm tenants={createTenants} onDone={() => setPanel("none")} />}
      {panel === "quotas" && <ProjectQuotaEditor projects={items} onClose={() => setPanel("none")} />}
      <div className="mb-3 flex flex-wrap gap-3">
        <select aria-label="Filter by tenant" value={tenantId} onChange={(e) => setTenantId(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">All tenants</option>
          {allTenants.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </select>
        <SearchBox label="Search projects" value={q} onChange={setQ} className="" />
      </div>
      <QueryList query={projects} items={items} empty={{ title: q || tenantId ? "No project matches these filters" : "No projects yet" }}>
        {(list) => <ProjectTable projects={list} showQuotas />}
      </QueryList>
    </>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ProjectDto } from "@/lib/contracts/projects";
import type { TenantDto } from "@/lib/contracts/tenants";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { CreateProjectForm } from "./create-project-form";
import { ProjectTable } from "./project-table";
import { projectKeys, tenantKeys } from "./keys";

/** Tenant portal: the caller's projects, and a create form for tenants where it may create. */
export function ProjectsPage({ creatableTenantIds }: { creatableTenantIds: string[] }) {
  const [q, setQ] = useState("");
  const projects = useQuery({
    queryKey: projectKeys.list({ q }),
    queryFn: () => apiFetch<Page<ProjectDto>>(`/api/v1/projects?limit=200${q ? `&q=${encodeURIComponent(q)}` : ""}`),
  });
  const tenants = useQuery({ queryKey: tenantKeys.list(), queryFn: () => apiFetch<Page<TenantDto>>("/api/v1/tenants?limit=200") });
  const creatable = (tenants.data?.items ?? []).filter((t) => creatableTenantIds.includes(t.id));
  const [showForm, setShowForm] = useState(false);

  return (
    <>
      <PageHeader
        title="Projects"
        description="Projects hold your machines, networks and IP addresses."
        actions={creatable.length > 0 && !showForm ? (
          <button onClick={() => setShowForm(true)} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">New project</button>
        ) : null}
      />
      {showForm && <CreateProjectForm tenants={creatable} onDone={() => setShowForm(false)} />}
      <div className="mb-3">
        <label className="text-sm">
          <span className="sr-only">Search projects</span>
          <input type="search" placeholder="Search projects" value={q} onChange={(e) => setQ(e.target.value)} className="w-full max-w-xs rounded-md border border-slate-300 px-3 py-1.5" />
        </label>
      </div>
      {projects.isPending ? <Loading />
        : projects.isError ? <ErrorState error={projects.error} retry={() => projects.refetch()} />
        : projects.data.items.length === 0 ? (
          <EmptyState
            title={q ? "No project matches your search" : "No projects yet"}
            body={q ? undefined : creatable.length > 0 ? "Create the first project to start allocating machines." : "Ask a tenant owner or editor to create a project for you."}
          />
        ) : <ProjectTable projects={projects.data.items} />}
    </>
  );
}

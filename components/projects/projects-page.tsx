"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ProjectDto } from "@/lib/contracts/projects";
import type { TenantDto } from "@/lib/contracts/tenants";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { PageHeader, QueryList } from "@/components/ui/states";
import { CreateProjectForm } from "./create-project-form";
import { ProjectTable } from "./project-table";
import { projectKeys, tenantKeys } from "./keys";
import { SearchBox } from "@/components/ui/search-box";
import { primaryButton } from "@/components/ui/buttons";

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
          <button onClick={() => setShowForm(true)} className={primaryButton}>New project</button>
        ) : null}
      />
      {showForm && <CreateProjectForm tenants={creatable} onDone={() => setShowForm(false)} />}
      <SearchBox label="Search projects" value={q} onChange={setQ} />
      <QueryList query={projects} items={projects.data?.items} empty={{
        title: q ? "No project matches your search" : "No projects yet",
        body: q ? undefined : creatable.length > 0 ? "Create the first project to start allocating machines." : "Ask a tenant owner or editor to create a project for you.",
      }}>
        {(items) => <ProjectTable projects={items} />}
      </QueryList>
    </>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TenantDto } from "@/lib/contracts/tenants";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { tenantKeys } from "@/components/projects/keys";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { TenantForm } from "./tenant-form";
import { TenantTable } from "./tenant-table";

/** Admin console: every tenant, searchable; operators with the editor role create and delete. */
export function TenantsAdminPage({ canEdit }: { canEdit: boolean }) {
  const [q, setQ] = useState("");
  const [showForm, setShowForm] = useState(false);
  const tenants = useQuery({
    queryKey: tenantKeys.list({ q }),
    queryFn: () => apiFetch<Page<TenantDto>>(`/api/v1/tenants?limit=200${q ? `&q=${encodeURIComponent(q)}` : ""}`),
  });

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Tenants are customers: they own projects, and IdP groups map to their roles."
        actions={canEdit && !showForm ? (
          <button onClick={() => setShowForm(true)} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">New tenant</button>
        ) : null}
      />
      {showForm && <TenantForm onDone={() => setShowForm(false)} />}
      <div className="mb-3">
        <label className="text-sm">
          <span className="sr-only">Search tenants</span>
          <input type="search" placeholder="Search tenants" value={q} onChange={(e) => setQ(e.target.value)} className="w-full max-w-xs rounded-md border border-slate-300 px-3 py-1.5" />
        </label>
      </div>
      {tenants.isPending ? <Loading />
        : tenants.isError ? <ErrorState error={tenants.error} retry={() => tenants.refetch()} />
        : tenants.data.items.length === 0 ? (
          <EmptyState title={q ? "No tenant matches your search" : "No tenants yet"} body={q ? undefined : canEdit ? "Create a tenant for your first customer." : undefined} />
        ) : <TenantTable tenants={tenants.data.items} canEdit={canEdit} />}
    </>
  );
}

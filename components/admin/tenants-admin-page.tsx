"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TenantDto } from "@/lib/contracts/tenants";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { tenantKeys } from "@/components/projects/keys";
import { PageHeader, QueryList } from "@/components/ui/states";
import { TenantForm } from "./tenant-form";
import { TenantTable } from "./tenant-table";
import { SearchBox } from "@/components/ui/search-box";
import { primaryButton } from "@/components/ui/buttons";

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
          <button onClick={() => setShowForm(true)} className={primaryButton}>New tenant</button>
        ) : null}
      />
      {showForm && <TenantForm onDone={() => setShowForm(false)} />}
      <SearchBox label="Search tenants" value={q} onChange={setQ} />
      <QueryList query={tenants} items={tenants.data?.items} empty={{ title: q ? "No tenant matches your search" : "No tenants yet", body: q ? undefined : canEdit ? "Create a tenant for your first customer." : undefined }}>
        {(items) => <TenantTable tenants={items} canEdit={canEdit} />}
      </QueryList>
    </>
  );
}

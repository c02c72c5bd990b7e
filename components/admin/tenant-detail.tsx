"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TenantDto } from "@/lib/contracts/tenants";
import { apiFetch } from "@/lib/api-client";
import { tenantKeys } from "@/components/projects/keys";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { TenantForm } from "./tenant-form";
import { TenantTable } from "./tenant-table";
import { useDeleteTenant } from "./use-delete-tenant";

/** One tenant: the edit form for operator editors, a read-only row for operator viewers. */
export function TenantDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const tenant = useQuery({ queryKey: tenantKeys.detail(id), queryFn: () => apiFetch<TenantDto>(`/api/v1/tenants/${id}`) });
  const { mutation: remove, confirmDelete } = useDeleteTenant(() => router.push("/admin/tenants"));

  if (tenant.isPending) return <><PageHeader title="Tenant" /><Loading /></>;
  if (tenant.isError) return <><PageHeader title="Tenant" /><ErrorState error={tenant.error} retry={() => tenant.refetch()} /></>;
  const t = tenant.data;
  return (
    <>
      <PageHeader
        title={`Tenant ${t.name}`}
        description={t.description || undefined}
        actions={
          <div className="flex gap-2 text-sm">
            <Link href={`/admin/projects?tenantId=${t.id}`} className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-50">Projects</Link>
            {canEdit && (
              <button onClick={() => confirmDelete(t)} disabled={remove.isPending} className="rounded-md border border-red-300 bg-white px-4 py-2 text-red-700 hover:bg-red-50 disabled:opacity-60">
                Delete tenant
              </button>
            )}
          </div>
        }
      />
      {remove.isError && <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">{remove.error.message}</p>}
      {saved && <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800">Changes saved.</p>}
      {canEdit ? (
        <TenantForm
          key={t.updatedAt}
          tenant={t}
          onDone={(result) => (result ? setSaved(true) : router.push("/admin/tenants"))}
        />
      ) : <TenantTable tenants={[t]} canEdit={false} />}
      <p className="text-sm"><Link href="/admin/tenants" className="text-brand-700 hover:underline">← All tenants</Link></p>
    </>
  );
}

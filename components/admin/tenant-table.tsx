"use client";

import Link from "next/link";
import type { TenantDto } from "@/lib/contracts/tenants";
import { roles } from "@/lib/auth/grants";
import { groupsWithRole } from "./form-values";
import { useDeleteTenant } from "./use-delete-tenant";
import { Time } from "@/components/ui/time";

function quota(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : String(v);
}

export function TenantTable({ tenants, canEdit }: { tenants: TenantDto[]; canEdit: boolean }) {
  const { mutation: remove, confirmDelete } = useDeleteTenant();
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      {remove.isError && <p role="alert" className="border-b border-red-200 bg-red-50 p-2 text-sm text-red-800">{remove.error.message}</p>}
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Tenant</th>
            <th className="px-3 py-2 font-medium">IdP groups</th>
            <th className="px-3 py-2 font-medium">Quotas (machines / IPs / networks)</th>
            <th className="px-3 py-2 font-medium">Created</th>
            <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((t) => (
            <tr key={t.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2">
                <Link href={`/admin/tenants/${t.id}`} className="font-medium text-brand-700 hover:underline">{t.name}</Link>
                {t.description && <div className="text-slate-500">{t.description}</div>}
              </td>
              <td className="px-3 py-2">
                {[...roles].reverse().map((r) => {
                  const groups = groupsWithRole(t.groupRoles, r);
                  return groups ? <div key={r} className="whitespace-nowrap"><span className="text-slate-500">{r}:</span> <span className="font-mono">{groups}</span></div> : null;
                })}
              </td>
              <td className="px-3 py-2 whitespace-nowrap font-mono">{quota(t.quotas.machines)} / {quota(t.quotas.ips)} / {quota(t.quotas.networks)}</td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-500"><Time iso={t.createdAt} show="date" /></td>
              <td className="px-3 py-2 text-right whitespace-nowrap">
                <Link href={`/admin/tenants/${t.id}`} className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50">{canEdit ? "Edit" : "View"}</Link>
                {canEdit && (
                  <button
                    onClick={() => confirmDelete(t)}
                    aria-label={`Delete tenant ${t.name}`}
                    className="ml-2 rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-red-50 hover:text-red-700"
                  >Delete</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

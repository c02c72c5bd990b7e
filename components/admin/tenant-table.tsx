"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { TenantDto } from "@/lib/contracts/tenants";
import { roles } from "@/lib/auth/grants";
import { rowDangerButton, smallButton } from "@/components/ui/buttons";
import { actionsColumn, DataTable } from "@/components/ui/data-table";
import { ActionError } from "@/components/ui/states";
import { Time } from "@/components/ui/time";
import { groupsWithRole } from "./form-values";
import { useDeleteTenant } from "./use-delete-tenant";

export function quotaTriple(q: { machines?: number | null; ips?: number | null; networks?: number | null }): string {
  const v = (n: number | null | undefined) => (n === null || n === undefined ? "—" : String(n));
  return `${v(q.machines)} / ${v(q.ips)} / ${v(q.networks)}`;
}

export function TenantTable({ tenants, canEdit }: { tenants: TenantDto[]; canEdit: boolean }) {
  const { mutation: remove, confirmDelete } = useDeleteTenant();
  const columns: ColumnDef<TenantDto, unknown>[] = [
    {
      id: "tenant", header: "Tenant", enableHiding: false,
      cell: ({ row: { original: t } }) => (
        <>
          <Link href={`/admin/tenants/${t.id}`} className="font-medium text-brand-700 hover:underline">{t.name}</Link>
          {t.description && <div className="text-slate-600">{t.description}</div>}
        </>
      ),
    },
    {
      id: "groups", header: "IdP groups",
      cell: ({ row: { original: t } }) => [...roles].reverse().map((r) => {
        const groups = groupsWithRole(t.groupRoles, r);
        return groups ? <div key={r} className="whitespace-nowrap"><span className="text-slate-600">{r}:</span> <span className="font-mono">{groups}</span></div> : null;
      }),
    },
    { id: "quotas", header: "Quotas (machines / IPs / networks)", meta: { className: "whitespace-nowrap font-mono" }, cell: ({ row }) => quotaTriple(row.original.quotas) },
    { id: "created", header: "Created", meta: { className: "whitespace-nowrap text-slate-600" }, cell: ({ row }) => <Time iso={row.original.createdAt} show="date" /> },
    actionsColumn((t) => (
      <span className="inline-flex gap-2">
        <Link href={`/admin/tenants/${t.id}`} className={smallButton}>{canEdit ? "Edit" : "View"}</Link>
        {canEdit && <button onClick={() => confirmDelete(t)} aria-label={`Delete tenant ${t.name}`} className={rowDangerButton}>Delete</button>}
      </span>
    )),
  ];
  return (
    <>
      <ActionError error={remove.error} />
      <DataTable caption="Tenants" columns={columns} data={tenants} rowProps={() => ({ "data-testid": "tenant-row" })} />
    </>
  );
}

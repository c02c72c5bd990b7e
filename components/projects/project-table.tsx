"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { ProjectDto } from "@/lib/contracts/projects";
import { api, unwrap } from "@/lib/api-client";
import { quotaTriple } from "@/components/admin/tenant-table";
import { rowDangerButton } from "@/components/ui/buttons";
import { useConfirm } from "@/components/ui/confirm";
import { actionsColumn, DataTable } from "@/components/ui/data-table";
import { ActionError } from "@/components/ui/states";
import { Time } from "@/components/ui/time";
import { toast } from "@/components/ui/toast";
import { projectKeys } from "./keys";

export function ProjectTable({ projects, showQuotas = false }: { projects: ProjectDto[]; showQuotas?: boolean }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/projects/{id}", { params: { path: { id } } })),
    onSuccess: () => toast.success("Project deleted"),
    onSettled: () => qc.invalidateQueries({ queryKey: projectKeys.all }),
  });
  const columns: ColumnDef<ProjectDto, unknown>[] = [
    { id: "project", header: "Project", cell: ({ row: { original: p } }) => <><div className="font-medium">{p.name}</div>{p.description && <div className="text-slate-600">{p.description}</div>}</> },
    { id: "tenant", header: "Tenant", cell: ({ row }) => row.original.tenantName },
    { id: "role", header: "Your role", cell: ({ row }) => row.original.myRole },
    ...(showQuotas ? [{ id: "quotas", header: "Quotas (machines / IPs / networks)", meta: { className: "font-mono" }, cell: ({ row }) => quotaTriple(row.original.quotas) } satisfies ColumnDef<ProjectDto, unknown>] : []),
    { id: "created", header: "Created", meta: { className: "whitespace-nowrap text-slate-600" }, cell: ({ row }) => <Time iso={row.original.createdAt} show="date" /> },
    actionsColumn((p) => (p.myRole === "owner" || p.myRole === "admin editor") && (
      <button
        onClick={async () => { if (await confirm({ title: `Delete project ${p.name}?`, body: "This cannot be undone.", confirmLabel: "Delete project", typeToConfirm: p.name })) remove.mutate(p.id); }}
        className={rowDangerButton}
      >Delete<span className="sr-only"> project {p.name}</span></button>
    )),
  ];
  return (
    <>
      <ActionError error={remove.error} />
      <DataTable caption="Projects" columns={columns} data={projects} rowProps={() => ({ "data-testid": "project-row" })} />
    </>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ProjectDto } from "@/lib/contracts/projects";
import { api, unwrap } from "@/lib/api-client";
import { useConfirm } from "@/components/ui/confirm";
import { Time } from "@/components/ui/time";
import { toast } from "@/components/ui/toast";
import { projectKeys } from "./keys";

function quota(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : String(v);
}

export function ProjectTable({ projects, showQuotas = false }: { projects: ProjectDto[]; showQuotas?: boolean }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/projects/{id}", { params: { path: { id } } })),
    onSuccess: () => toast.success("Project deleted"),
    onSettled: () => qc.invalidateQueries({ queryKey: projectKeys.all }),
  });
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      {remove.isError && <p role="alert" className="border-b border-red-200 bg-red-50 p-2 text-sm text-red-800">{remove.error.message}</p>}
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Project</th>
            <th className="px-3 py-2 font-medium">Tenant</th>
            <th className="px-3 py-2 font-medium">Your role</th>
            {showQuotas && <th className="px-3 py-2 font-medium">Quotas (machines / IPs / networks)</th>}
            <th className="px-3 py-2 font-medium">Created</th>
            <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id} className="border-t border-slate-100">
              <td className="px-3 py-2"><div className="font-medium">{p.name}</div>{p.description && <div className="text-slate-500">{p.description}</div>}</td>
              <td className="px-3 py-2">{p.tenantName}</td>
              <td className="px-3 py-2">{p.myRole}</td>
              {showQuotas && <td className="px-3 py-2 font-mono">{quota(p.quotas.machines)} / {quota(p.quotas.ips)} / {quota(p.quotas.networks)}</td>}
              <td className="px-3 py-2 whitespace-nowrap text-slate-500"><Time iso={p.createdAt} show="date" /></td>
              <td className="px-3 py-2 text-right">
                {(p.myRole === "owner" || p.myRole === "admin editor") && (
                  <button
                    onClick={async () => { if (await confirm({ title: `Delete project ${p.name}?`, body: "This cannot be undone.", confirmLabel: "Delete project", typeToConfirm: p.name })) remove.mutate(p.id); }}
                    className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-red-50 hover:text-red-700"
                  >Delete<span className="sr-only"> project {p.name}</span></button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

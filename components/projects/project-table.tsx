"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ProjectDto } from "@/lib/contracts/projects";
import { apiFetch } from "@/lib/api-client";
import { projectKeys } from "./keys";

function quota(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : String(v);
}

export function ProjectTable({ projects, showQuotas = false }: { projects: ProjectDto[]; showQuotas?: boolean }) {
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/projects/${id}`, { method: "DELETE" }),
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
              <td className="px-3 py-2 whitespace-nowrap text-slate-500">{new Date(p.createdAt).toLocaleDateString()}</td>
              <td className="px-3 py-2 text-right">
                {(p.myRole === "owner" || p.myRole === "admin editor") && (
                  <button
                    onClick={() => confirm(`Delete project ${p.name}? This cannot be undone.`) && remove.mutate(p.id)}
                    className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-red-50 hover:text-red-700"
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

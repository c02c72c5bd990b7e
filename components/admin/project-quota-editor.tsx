"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type ProjectDto, updateProjectInput } from "@/lib/contracts/projects";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { projectKeys } from "@/components/projects/keys";
import { quotasFrom } from "./form-values";
import { QuotaFields } from "./quota-fields";

/** Operators set a project's quotas; an empty input sends null, which means unlimited. */
export function ProjectQuotaEditor({ projects, onClose }: { projects: ProjectDto[]; onClose: () => void }) {
  const qc = useQueryClient();
  const [projectId, setProjectId] = useState(projects[0]?.id ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const project = projects.find((p) => p.id === projectId) ?? projects[0];
  const save = useMutation({
    mutationFn: (input: unknown) => apiFetch<ProjectDto>(`/api/v1/projects/${project?.id}`, { method: "PATCH", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: projectKeys.all }),
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = updateProjectInput.safeParse({ quotas: quotasFrom(new FormData(e.currentTarget)) });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    save.mutate(parsed.data);
  }

  function choose(id: string) {
    setProjectId(id);
    setErrors({});
    save.reset();
  }

  if (!project) return null;
  return (
    <form onSubmit={submit} noValidate aria-label="Edit project quotas" className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <label className="text-sm">
        <span className="mb-1 block font-medium">Project</span>
        <select value={project.id} onChange={(e) => choose(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {projects.map((p) => <option key={p.id} value={p.id}>{p.tenantName} / {p.name}</option>)}
        </select>
      </label>
      {/* Remounting on another project (or after a save) refills the inputs from the server's values. */}
      <QuotaFields key={`${project.id}:${project.updatedAt}`} values={project.quotas} errors={errors} idPrefix="project-quota" />
      <div className="flex gap-2">
        <button type="submit" disabled={save.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {save.isPending ? "Saving…" : "Save quotas"}
        </button>
        <button type="button" onClick={onClose} className="rounded-md border border-slate-300 px-4 py-2 text-sm">Close</button>
      </div>
      {save.isSuccess && <p role="status" className="w-full text-sm text-green-800">Quotas of {project.tenantName} / {project.name} saved.</p>}
      {save.isError && !Object.keys(errors).length && <p role="alert" className="w-full text-sm text-red-700">{save.error.message}</p>}
    </form>
  );
}

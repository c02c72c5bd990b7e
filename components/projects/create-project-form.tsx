"use client";
import type React from "react";

import { createProjectInput, type ProjectDto } from "@/lib/contracts/projects";
import type { TenantDto } from "@/lib/contracts/tenants";
import { projectKeys } from "./keys";
import { useFormSave } from "@/components/ui/use-form-save";
import { FormButtons } from "@/components/catalog/ui";

/** Validates with the same zod schema as the API, then shows the server's field errors too. */
export function CreateProjectForm({ tenants, onDone }: { tenants: TenantDto[]; onDone: () => void }) {
  const { save: create, errors, failure, submit: send } = useFormSave<ProjectDto>({ url: "/api/v1/projects", method: "POST", invalidate: [projectKeys.all], onSaved: onDone });

  // onSubmit, not <form action>: React 19 resets uncontrolled fields after a form action,
  // which would wipe what the user typed when validation fails.
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { tenantId: String(form.get("tenantId") ?? ""), name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") };
    send(createProjectInput, input);
  }

  return (
    <form onSubmit={submit} className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3" aria-label="New project">
      <label className="text-sm">
        <span className="mb-1 block font-medium">Tenant</span>
        <select name="tenantId" className="w-full rounded-md border border-slate-300 px-2 py-1.5" defaultValue={tenants[0]?.id}>
          {tenants.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </select>
        {errors.tenantId && <span className="mt-1 block text-red-700">{errors.tenantId}</span>}
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Name</span>
        <input name="name" required aria-invalid={!!errors.name} className="w-full rounded-md border border-slate-300 px-2 py-1.5" placeholder="e.g. web-prod" />
        {errors.name && <span className="mt-1 block text-red-700">{errors.name}</span>}
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Description</span>
        <input name="description" className="w-full rounded-md border border-slate-300 px-2 py-1.5" />
        {errors.description && <span className="mt-1 block text-red-700">{errors.description}</span>}
      </label>
      {failure && <p role="alert" className="text-sm text-red-700 sm:col-span-3">{failure}</p>}
      <FormButtons pending={create.isPending} label="Create project" pendingLabel="Creating…" onCancel={onDone} className="sm:col-span-3" />
    </form>
  );
}

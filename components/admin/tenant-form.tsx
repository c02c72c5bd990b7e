"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { createTenantInput, type TenantDto, updateTenantInput } from "@/lib/contracts/tenants";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { meKeys, projectKeys, tenantKeys } from "@/components/projects/keys";
import { groupInputs, groupRolesFrom, groupsWithRole, quotasFrom } from "./form-values";
import { QuotaFields } from "./quota-fields";

const inputClass = "w-full rounded-md border border-slate-300 px-2 py-1.5";

/** Creates a tenant, or edits one when `tenant` is given (the PATCH sends every field). */
export function TenantForm({ tenant, onDone }: { tenant?: TenantDto; onDone: (saved?: TenantDto) => void }) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (input: unknown) =>
      apiFetch<TenantDto>(tenant ? `/api/v1/tenants/${tenant.id}` : "/api/v1/tenants", { method: tenant ? "PATCH" : "POST", body: input }),
    onSuccess: async (saved) => {
      // Projects show the tenant's name, and the group mapping decides who holds which role.
      await Promise.all([tenantKeys.all, projectKeys.all, meKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
      onDone(saved);
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      groupRoles: groupRolesFrom(form),
      quotas: quotasFrom(form),
    };
    const parsed = (tenant ? updateTenantInput : createTenantInput).safeParse(input);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    save.mutate(parsed.data);
  }

  const groupError = Object.entries(errors).find(([k]) => k.startsWith("groupRoles"))?.[1];
  const prefix = tenant ? `tenant-${tenant.id}` : "new-tenant";
  return (
    <form onSubmit={submit} noValidate aria-label={tenant ? `Edit tenant ${tenant.name}` : "New tenant"} className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2">
      <label className="text-sm">
        <span className="mb-1 block font-medium">Name</span>
        <input name="name" required defaultValue={tenant?.name} aria-invalid={!!errors.name} className={inputClass} placeholder="e.g. acme" />
        {errors.name && <span className="mt-1 block text-red-700">{errors.name}</span>}
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Description</span>
        <input name="description" defaultValue={tenant?.description} aria-invalid={!!errors.description} className={inputClass} />
        {errors.description && <span className="mt-1 block text-red-700">{errors.description}</span>}
      </label>
      <fieldset className="text-sm sm:col-span-2">
        <legend className="mb-1 font-medium">IdP group mapping</legend>
        <p className="mb-2 text-slate-500">Members of these identity-provider groups get the role in this tenant. Separate several groups with commas.</p>
        <div className="grid gap-3 sm:grid-cols-3">
          {[...groupInputs].reverse().map((g) => (
            <label key={g.name}>
              <span className="mb-1 block text-slate-600">{g.label}</span>
              <input name={g.name} defaultValue={tenant ? groupsWithRole(tenant.groupRoles, g.role) : ""} className={inputClass} placeholder={`e.g. acme-${g.role}s`} />
            </label>
          ))}
        </div>
        {groupError && <p className="mt-1 text-red-700">{groupError}</p>}
      </fieldset>
      <div className="sm:col-span-2"><QuotaFields values={tenant?.quotas} errors={errors} idPrefix={prefix} /></div>
      {save.isError && !Object.keys(errors).length && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{save.error.message}</p>}
      <div className="flex gap-2 sm:col-span-2">
        <button type="submit" disabled={save.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {save.isPending ? "Saving…" : tenant ? "Save changes" : "Create tenant"}
        </button>
        <button type="button" onClick={() => onDone()} className="rounded-md border border-slate-300 px-4 py-2 text-sm">Cancel</button>
      </div>
    </form>
  );
}

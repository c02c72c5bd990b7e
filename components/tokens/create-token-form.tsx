"use client";

import { type FormEvent, useState } from "react";
import type { Role } from "@/lib/auth/grants";
import { createTokenInput, type CreatedTokenDto } from "@/lib/contracts/tokens";
import { tokenKeys } from "./keys";
import { type NamedGrant, type RoleNames, scopeKey, withRole } from "./role-names";
import { RolePicker } from "./role-picker";
import { useFormSave } from "@/components/ui/use-form-save";
import { FormButtons } from "@/components/catalog/ui";

const DAY_MS = 24 * 60 * 60 * 1000;
const expiryOptions = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
];

/** The first message about the roles list or any single role in it. */
function rolesError(errors: Record<string, string>): string | undefined {
  const key = Object.keys(errors).find((k) => k === "roles" || k.startsWith("roles."));
  return key ? errors[key] : undefined;
}

export function CreateTokenForm({ held, names, onCreated, onCancel }: {
  held: NamedGrant[];
  names: RoleNames;
  onCreated: (token: CreatedTokenDto) => void;
  onCancel: () => void;
}) {
  const [chosen, setChosen] = useState<Record<string, Role>>({});
  const { save: create, errors, failure, submit: send } = useFormSave<CreatedTokenDto>({ url: "/api/v1/tokens", method: "POST", invalidate: [tokenKeys.all], onSaved: onCreated });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const days = Number(form.get("expiryDays") ?? 30);
    const input = {
      description: String(form.get("description") ?? ""),
      roles: held.filter((g) => scopeKey(g) in chosen).map((g) => withRole(g, chosen[scopeKey(g)])),
      expiresAt: new Date(Date.now() + days * DAY_MS).toISOString(),
    };
    send(createTokenInput, input);
  }

  return (
    <form onSubmit={submit} noValidate className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2" aria-label="New token">
      <label className="text-sm">
        <span className="mb-1 block font-medium">Description</span>
        <input name="description" required aria-invalid={!!errors.description} className="w-full rounded-md border border-slate-300 px-2 py-1.5" placeholder="e.g. CI deploys for web" />
        {errors.description && <span className="mt-1 block text-red-700">{errors.description}</span>}
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Expires in</span>
        <select name="expiryDays" defaultValue="30" className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {expiryOptions.map((o) => <option key={o.days} value={o.days}>{o.label}</option>)}
        </select>
        {errors.expiresAt && <span className="mt-1 block text-red-700">{errors.expiresAt}</span>}
      </label>
      <div className="sm:col-span-2">
        <RolePicker held={held} names={names} value={chosen} onChange={setChosen} error={rolesError(errors)} />
      </div>
      {failure && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{failure}</p>}
      <FormButtons pending={create.isPending} label="Create token" pendingLabel="Creating…" onCancel={onCancel} className="sm:col-span-2" />
    </form>
  );
}

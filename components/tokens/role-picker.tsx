"use client";

import type { Role } from "@/lib/auth/grants";
import { levelsBelow, type NamedGrant, type RoleNames, scopeKey, scopeLabel } from "./role-names";

/**
 * One checkbox per role the caller holds, each with a level select offering that role and
 * lower ones. `value` maps the scope key of each chosen role to the level picked for it.
 */
export function RolePicker({ held, names, value, onChange, error }: {
  held: NamedGrant[];
  names: RoleNames;
  value: Record<string, Role>;
  onChange: (next: Record<string, Role>) => void;
  error?: string;
}) {
  function toggle(g: NamedGrant, checked: boolean) {
    const next = { ...value };
    if (checked) next[scopeKey(g)] = g.role;
    else delete next[scopeKey(g)];
    onChange(next);
  }

  return (
    <fieldset className="text-sm" aria-describedby={error ? "token-roles-error" : undefined}>
      <legend className="mb-1 font-medium">Roles</legend>
      <p className="mb-2 text-slate-500">A token can carry your roles, or lower ones. It never gets more than you have.</p>
      {held.length === 0 && <p className="text-slate-600">You hold no roles, so a token could not do anything.</p>}
      <ul className="space-y-2">
        {held.map((g) => {
          const key = scopeKey(g);
          const checked = key in value;
          const label = g.scope === "admin" ? "Operator (all tenants)" : scopeLabel(g, names);
          return (
            <li key={key} className="flex flex-wrap items-center gap-3">
              <label className="flex min-w-48 items-center gap-2">
                <input type="checkbox" checked={checked} onChange={(e) => toggle(g, e.target.checked)} className="size-4" />
                <span>{label}</span>
              </label>
              <select
                aria-label={`Role for ${label}`}
                value={value[key] ?? g.role}
                disabled={!checked}
                onChange={(e) => onChange({ ...value, [key]: e.target.value as Role })}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 disabled:opacity-50"
              >
                {levelsBelow(g).map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            </li>
          );
        })}
      </ul>
      {error && <p id="token-roles-error" className="mt-1 text-red-700">{error}</p>}
    </fieldset>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type IpDto, updateIpInput } from "@/lib/contracts/networks";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { ipKeys } from "./keys";

/** An IP's name, renamed in place: Rename → input → Save (Enter) or Cancel (Escape). */
export function IpNameCell({ ip, canWrite }: { ip: IpDto; canWrite: boolean }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rename = useMutation({
    mutationFn: (body: unknown) => apiFetch<IpDto>(`/api/v1/ips/${ip.id}`, { method: "PATCH", body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ipKeys.all });
      setEditing(false);
    },
    onError: (err) => setError(err instanceof ApiError ? (err.fieldErrors().name ?? err.message) : err.message),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = updateIpInput.safeParse({ name: String(new FormData(e.currentTarget).get("name") ?? "") });
    if (!parsed.success) return setError(fieldErrors(parsed.error).name ?? parsed.error.message);
    setError(null);
    rename.mutate(parsed.data);
  }

  if (!editing) {
    return (
      <div className="flex items-center gap-2">
        <span data-testid="ip-name">{ip.name || <span className="text-slate-400">unnamed</span>}</span>
        {canWrite && (
          <button onClick={() => { setEditing(true); setError(null); }} aria-label={`Rename ${ip.address}`} className="text-xs text-brand-700 hover:underline">Rename</button>
        )}
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-1" aria-label={`Rename ${ip.address}`}>
      <input
        name="name"
        defaultValue={ip.name}
        autoFocus
        aria-label={`New name for ${ip.address}`}
        aria-invalid={!!error}
        onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
        className="w-36 rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      <button type="submit" disabled={rename.isPending} className="rounded-md bg-brand-600 px-2 py-1 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-60">Save</button>
      <button type="button" onClick={() => setEditing(false)} className="rounded-md border border-slate-300 px-2 py-1 text-xs">Cancel</button>
      {error && <span role="alert" className="block w-full text-xs text-red-700">{error}</span>}
    </form>
  );
}

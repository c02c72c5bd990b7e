"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { acquireIpInput, type IpDto, type NetworkDto } from "@/lib/contracts/networks";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { Field, inputClass } from "./field";
import { FormAlert } from "./form-alert";
import { listError, listOf, optionalString } from "./form-values";
import { ipKeys, networkKeys } from "./keys";

/** Takes the next free (or a given) address of a network the project may use. */
export function AcquireIpForm({ projectId, networks, onAcquired, onCancel }: {
  projectId: string;
  networks: NetworkDto[];
  onAcquired: (ip: IpDto) => void;
  onCancel: () => void;
}) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [networkId, setNetworkId] = useState(networks[0]?.id ?? "");
  const network = networks.find((n) => n.id === networkId);
  const hasV4 = !!network?.prefixes.some((p) => p.family === 4);
  const hasV6 = !!network?.prefixes.some((p) => p.family === 6);
  const acquire = useMutation({
    mutationFn: (body: unknown) => apiFetch<IpDto>("/api/v1/ips", { method: "POST", body }),
    onSuccess: async (ip) => {
      await qc.invalidateQueries({ queryKey: ipKeys.all });
      await qc.invalidateQueries({ queryKey: networkKeys.all });
      onAcquired(ip);
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const address = optionalString(form.get("address"));
    const family = hasV6 && form.get("family") === "6" ? 6 : undefined;
    const parsed = acquireIpInput.safeParse({
      networkId,
      projectId,
      ...(address && { address }),
      // With a specific address the family is the address's own.
      ...(!address && family && { family }),
      kind: form.get("static") === "on" ? "static" : "ephemeral",
      name: String(form.get("name") ?? ""),
      tags: listOf(form.get("tags")),
    });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    acquire.mutate(parsed.data);
  }

  return (
    <form onSubmit={submit} noValidate className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3" aria-label="Acquire IP">
      <Field label="Network" error={errors.networkId}>
        {(p) => (
          <select {...p} name="networkId" value={networkId} onChange={(e) => setNetworkId(e.target.value)} className={inputClass}>
            {networks.map((n) => <option key={n.id} value={n.id}>{n.name} ({n.kind}; {n.prefixes.map((x) => x.cidr).join(", ")})</option>)}
          </select>
        )}
      </Field>
      <Field label="Specific address (optional)" error={errors.address}>
        {(p) => <input {...p} name="address" className={`${inputClass} font-mono`} placeholder="next free address" autoComplete="off" spellCheck={false} />}
      </Field>
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} name="name" className={inputClass} placeholder="e.g. web-frontend" />}
      </Field>
      <Field label="Tags (optional)" error={listError(errors, "tags")} hint="Comma separated">
        {(p) => <input {...p} name="tags" className={inputClass} />}
      </Field>
      {hasV6 && (
        <fieldset key={networkId} className="text-sm">
          <legend className="mb-1 font-medium">Family</legend>
          <div className="flex gap-4 py-1.5">
            {hasV4 && <label className="inline-flex items-center gap-2"><input type="radio" name="family" value="4" defaultChecked className="size-4" />IPv4</label>}
            <label className="inline-flex items-center gap-2"><input type="radio" name="family" value="6" defaultChecked={!hasV4} className="size-4" />IPv6</label>
          </div>
          {errors.family && <span className="mt-1 block text-red-700">{errors.family}</span>}
        </fieldset>
      )}
      <div className="self-end py-1.5 text-sm">
        <label className="inline-flex items-center gap-2 font-medium">
          <input type="checkbox" name="static" aria-describedby="acquire-static-hint" className="size-4" />
          Static
        </label>
        <span id="acquire-static-hint" className="block text-slate-500">Kept when a machine using it is freed</span>
      </div>
      <FormAlert error={acquire.error} errors={errors} fields={["networkId", "address", "name", "tags", ...(hasV6 ? ["family"] : [])]} className="sm:col-span-3" />
      <div className="flex gap-2 sm:col-span-3">
        <button type="submit" disabled={acquire.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {acquire.isPending ? "Acquiring…" : "Acquire IP"}
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-2 text-sm">Cancel</button>
      </div>
    </form>
  );
}

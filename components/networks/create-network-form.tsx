"use client";

import { type FormEvent } from "react";
import { createPrivateNetworkInput, type NetworkDto } from "@/lib/contracts/networks";
import type { PartitionDto } from "@/lib/contracts/catalog";
import { Field, inputClass } from "./field";
import { FormAlert } from "./form-alert";
import { listError, optionalInt } from "./form-values";
import { networkKeys } from "./keys";
import { useFormSave } from "@/components/ui/use-form-save";

/** A private network of the current project; its prefix comes from the partition's super network. */
export function CreateNetworkForm({ projectId, partitions, onDone }: { projectId: string; partitions: PartitionDto[]; onDone: () => void }) {
  const { save: create, errors, failure, submit: send } = useFormSave<NetworkDto>({ url: "/api/v1/networks", method: "POST", invalidate: [networkKeys.all], onSaved: onDone });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const ipv4 = optionalInt(form.get("childPrefixLength"));
    send(createPrivateNetworkInput, {
      kind: String(form.get("kind") ?? "private"),
      projectId,
      partitionId: String(form.get("partitionId") ?? ""),
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      ...(ipv4 !== undefined && { childPrefixLength: { ipv4 } }),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3" aria-label="New private network">
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} name="name" required className={inputClass} placeholder="e.g. backend" />}
      </Field>
      <Field label="Description" error={errors.description} className="sm:col-span-2">
        {(p) => <input {...p} name="description" className={inputClass} />}
      </Field>
      <Field label="Partition" error={errors.partitionId}>
        {(p) => (
          <select {...p} name="partitionId" defaultValue={partitions[0]?.id} className={inputClass}>
            {partitions.map((x) => <option key={x.id} value={x.id}>{x.name ? `${x.name} (${x.id})` : x.id}</option>)}
          </select>
        )}
      </Field>
      <Field label="Kind" error={errors.kind} hint="private-shared: other projects may take IPs from it">
        {(p) => (
          <select {...p} name="kind" defaultValue="private" className={inputClass}>
            <option value="private">private</option>
            <option value="private-shared">private-shared</option>
          </select>
        )}
      </Field>
      <Field label="IPv4 prefix length (optional)" error={listError(errors, "childPrefixLength")} hint="Empty: the partition's default">
        {(p) => <input {...p} name="childPrefixLength" type="number" min={8} max={30} inputMode="numeric" className={inputClass} placeholder="e.g. 24" />}
      </Field>
      <FormAlert error={create.error} errors={errors} fields={["name", "description", "partitionId", "kind", "childPrefixLength"]} className="sm:col-span-3" />
      <div className="flex gap-2 sm:col-span-3">
        <button type="submit" disabled={create.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {create.isPending ? "Creating…" : "Create network"}
        </button>
        <button type="button" onClick={onDone} className="rounded-md border border-slate-300 px-4 py-2 text-sm">Cancel</button>
      </div>
    </form>
  );
}

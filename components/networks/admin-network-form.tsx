"use client";

import { type FormEvent, useState } from "react";
import { adminNetworkKinds, createAdminNetworkInput, type NetworkDto } from "@/lib/contracts/networks";
import type { PartitionDto } from "@/lib/contracts/catalog";
import type { ProjectDto } from "@/lib/contracts/projects";
import { Field, inputClass } from "./field";
import { FormAlert } from "./form-alert";
import { listError, listOf, optionalInt, optionalString } from "./form-values";
import { networkKeys } from "./keys";
import { useFormSave } from "@/components/ui/use-form-save";

type AdminKind = (typeof adminNetworkKinds)[number];
const kindHelp: Record<AdminKind, string> = {
  super: "parent of the partition's private networks (at most one per partition)",
  "super-namespaced": "like super, but every project gets its own copy of the prefixes",
  underlay: "the switch fabric's own addresses",
  external: "towards the internet or other sites; IPs for every project or the listed ones",
};

function lengths(form: FormData, prefix: string) {
  const ipv4 = optionalInt(form.get(`${prefix}.ipv4`));
  const ipv6 = optionalInt(form.get(`${prefix}.ipv6`));
  return { ...(ipv4 !== undefined && { ipv4 }), ...(ipv6 !== undefined && { ipv6 }) };
}

/** Operators' networks with explicit prefixes: super, super-namespaced, underlay, external. */
export function AdminNetworkForm({ partitions, projects, onDone }: { partitions: PartitionDto[]; projects: ProjectDto[]; onDone: () => void }) {
  const [kind, setKind] = useState<AdminKind>("super");
  const { save: create, errors, failure, submit: send } = useFormSave<NetworkDto>({ url: "/api/v1/networks", method: "POST", invalidate: [networkKeys.all], onSaved: onDone });
  const isSuper = kind === "super" || kind === "super-namespaced";

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const allowed = form.getAll("allowedProjectIds").map(String);
    const id = optionalString(form.get("id"));
    const partitionId = optionalString(form.get("partitionId"));
    const vrf = optionalInt(form.get("vrf"));
    send(createAdminNetworkInput, {
      kind,
      ...(id && { id }),
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      ...(partitionId && { partitionId }),
      prefixes: listOf(form.get("prefixes")),
      destinationPrefixes: listOf(form.get("destinationPrefixes")),
      defaultChildPrefixLength: isSuper ? lengths(form, "defaultChildPrefixLength") : {},
      minChildPrefixLength: isSuper ? lengths(form, "minChildPrefixLength") : {},
      ...(vrf !== undefined && { vrf }),
      nat: String(form.get("nat") ?? "none"),
      allowedProjectIds: kind === "external" && allowed.length > 0 ? allowed : null,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3" aria-label="New network">
      <Field label="Kind" hint={kindHelp[kind]}>
        {(p) => (
          <select {...p} name="kind" value={kind} onChange={(e) => setKind(e.target.value as AdminKind)} className={inputClass}>
            {adminNetworkKinds.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        )}
      </Field>
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} name="name" required className={inputClass} placeholder="e.g. internet" />}
      </Field>
      <Field label="ID (optional)" error={errors.id} hint="Empty: generated">
        {(p) => <input {...p} name="id" className={`${inputClass} font-mono`} placeholder="e.g. internet-fra1" spellCheck={false} />}
      </Field>
      <Field label="Description" error={errors.description} className="sm:col-span-2">
        {(p) => <input {...p} name="description" className={inputClass} />}
      </Field>
      <Field key={kind} label={kind === "external" ? "Partition (optional)" : "Partition"} error={errors.partitionId}>
        {(p) => (
          <select {...p} name="partitionId" defaultValue={kind === "external" ? "" : partitions[0]?.id} className={inputClass}>
            {kind === "external" && <option value="">any partition</option>}
            {partitions.map((x) => <option key={x.id} value={x.id}>{x.name ? `${x.name} (${x.id})` : x.id}</option>)}
          </select>
        )}
      </Field>
      <Field label="Prefixes" error={listError(errors, "prefixes")} hint="Comma separated, IPv4 and IPv6">
        {(p) => <input {...p} name="prefixes" required className={`${inputClass} font-mono`} placeholder="10.0.0.0/16, fd00:10::/48" spellCheck={false} />}
      </Field>
      <Field label="Destination prefixes" error={listError(errors, "destinationPrefixes")} hint="Routes reached through this network">
        {(p) => <input {...p} name="destinationPrefixes" className={`${inputClass} font-mono`} placeholder={kind === "external" ? "0.0.0.0/0" : "none"} spellCheck={false} />}
      </Field>
      <Field label="NAT" error={errors.nat}>
        {(p) => (
          <select {...p} name="nat" defaultValue="none" className={inputClass}>
            <option value="none">none</option>
            <option value="ipv4-masq">ipv4-masq</option>
          </select>
        )}
      </Field>
      {isSuper && (
        <>
          <Field label="Default child length IPv4" error={errors["defaultChildPrefixLength.ipv4"]} hint="Empty: /22">
            {(p) => <input {...p} name="defaultChildPrefixLength.ipv4" type="number" min={8} max={30} className={inputClass} />}
          </Field>
          <Field label="Default child length IPv6" error={errors["defaultChildPrefixLength.ipv6"]} hint="Empty: /64">
            {(p) => <input {...p} name="defaultChildPrefixLength.ipv6" type="number" min={16} max={126} className={inputClass} />}
          </Field>
          <Field label="Minimum child length IPv4" error={errors["minChildPrefixLength.ipv4"]} hint="The largest prefix a tenant may ask for; empty: the default">
            {(p) => <input {...p} name="minChildPrefixLength.ipv4" type="number" min={8} max={30} className={inputClass} />}
          </Field>
        </>
      )}
      <Field label="VRF (optional)" error={errors.vrf} hint="1–131072; empty: none">
        {(p) => <input {...p} name="vrf" type="number" min={1} max={131072} className={inputClass} />}
      </Field>
      {kind === "external" && (
        <Field label="Allowed projects" error={listError(errors, "allowedProjectIds")} hint="None selected: every project may take IPs. Ctrl/⌘-click to select several." className="sm:col-span-2">
          {(p) => (
            <select {...p} name="allowedProjectIds" multiple size={Math.min(6, Math.max(3, projects.length))} className={inputClass}>
              {projects.map((x) => <option key={x.id} value={x.id}>{x.tenantName} / {x.name}</option>)}
            </select>
          )}
        </Field>
      )}
      <FormAlert
        error={create.error}
        errors={errors}
        fields={["kind", "name", "id", "description", "partitionId", "prefixes", "destinationPrefixes", "nat", "vrf", "allowedProjectIds", ...(isSuper ? ["defaultChildPrefixLength", "minChildPrefixLength.ipv4"] : [])]}
        className="sm:col-span-3"
      />
      <div className="flex gap-2 sm:col-span-3">
        <button type="submit" disabled={create.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {create.isPending ? "Creating…" : "Create network"}
        </button>
        <button type="button" onClick={onDone} className="rounded-md border border-slate-300 px-4 py-2 text-sm">Cancel</button>
      </div>
    </form>
  );
}

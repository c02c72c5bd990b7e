"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { allocateMachineInput, type MachineDto } from "@/lib/contracts/machines";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { partitionKeys } from "@/components/catalog/keys";
import { Field, inputClass, primaryButton, TextField } from "@/components/catalog/ui";
import { FormAlert } from "@/components/networks/form-alert";
import { listOf, optionalString } from "@/components/networks/form-values";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { availability } from "./availability";
import { CapacityHint } from "./capacity-hint";
import { machineKeys } from "./keys";
import { useAllocationOptions, useCapacity } from "./use-allocation-options";

const FIELDS = ["partitionId", "sizeId", "image", "networkId", "hostname", "name", "sshPublicKeys", "userdata"];

/** "sshPublicKeys.2" → "line 3: …", so the message points at the key that is wrong. */
function keyError(errors: Record<string, string>): string | undefined {
  const key = Object.keys(errors).find((k) => k === "sshPublicKeys" || k.startsWith("sshPublicKeys."));
  if (!key) return undefined;
  const index = Number(key.split(".")[1]);
  return Number.isInteger(index) ? `line ${index + 1}: ${errors[key]}` : errors[key];
}

/**
 * Allocate a machine in the current project. Partition and size are state because they drive
 * what else is offered (networks of the partition, machines available of the size); the rest
 * is read from the form on submit and checked with the API's own schema first.
 */
export function AllocateForm({ projectId, refetchInterval }: { projectId: string; refetchInterval: number }) {
  const qc = useQueryClient();
  const router = useRouter();
  const [partitionId, setPartitionId] = useState("");
  const [sizeId, setSizeId] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const options = useAllocationOptions(projectId);
  const partition = partitionId || options.partitions[0]?.id || "";
  const networks = options.networks.filter((n) => n.partitionId === partition);
  const size = sizeId || options.sizes[0]?.id || "";
  const capacity = useCapacity(partition, refetchInterval);
  const sizeCapacity = capacity.data?.sizes.find((c) => c.sizeId === size);
  // Unknown availability (still loading, or the check failed) never blocks: the server decides.
  const blocked = capacity.isSuccess && availability(sizeCapacity).blocked;

  const allocate = useMutation({
    mutationFn: (body: unknown) => apiFetch<MachineDto>("/api/v1/machines", { method: "POST", body }),
    onSuccess: async (m) => {
      await qc.invalidateQueries({ queryKey: machineKeys.lists });
      await qc.invalidateQueries({ queryKey: partitionKeys.capacityAll });
      router.push(`/machines/${m.id}`);
    },
    onError: (err) => {
      setErrors(err instanceof ApiError ? err.fieldErrors() : {});
      // Someone else may just have taken the last machine: show the fresh count.
      if (err instanceof ApiError && err.problem.code === "no_machine_available") void capacity.refetch();
    },
  });

  if (options.pending) return <Loading label="Loading partitions, sizes and images…" />;
  if (options.error) return <ErrorState error={options.error} retry={options.refetch} />;
  if (options.partitions.length === 0 || options.sizes.length === 0) {
    return <EmptyState title="Nothing to allocate from yet" body="An operator has not set up a partition with machine sizes. Ask an operator." />;
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = allocateMachineInput.safeParse({
      projectId,
      partitionId: partition,
      sizeId: size,
      image: String(form.get("image") ?? ""),
      networkId: optionalString(form.get("networkId")),
      hostname: optionalString(form.get("hostname")),
      name: String(form.get("name") ?? ""),
      sshPublicKeys: String(form.get("sshPublicKeys") ?? "").split("\n").map((l) => l.trim()).filter(Boolean),
      userdata: String(form.get("userdata") ?? ""),
    });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    allocate.mutate(parsed.data);
  }

  const noNetwork = !options.networksPending && networks.length === 0;
  return (
    <form onSubmit={submit} noValidate aria-label="Allocate machine" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2">
      <Field id="alloc-partition" label="Partition" error={errors.partitionId}>
        {(p) => (
          <select {...p} value={partition} onChange={(e) => setPartitionId(e.target.value)} className={inputClass}>
            {options.partitions.map((x) => <option key={x.id} value={x.id}>{x.name ? `${x.name} (${x.id})` : x.id}</option>)}
          </select>
        )}
      </Field>
      <Field id="alloc-size" label="Size" error={errors.sizeId}>
        {(p) => (
          <select {...p} value={size} onChange={(e) => setSizeId(e.target.value)} className={inputClass}>
            {options.sizes.map((s) => <option key={s.id} value={s.id}>{s.name ? `${s.name} (${s.id})` : s.id}</option>)}
          </select>
        )}
      </Field>
      <div className="sm:col-span-2"><CapacityHint capacity={sizeCapacity} pending={capacity.isPending} error={capacity.error} /></div>
      <Field id="alloc-image" label="Image" error={errors.image}>
        {(p) => (
          <select {...p} name="image" className={inputClass}>
            {options.images.map((i) => <option key={i.id} value={i.id}>{i.name ? `${i.name} (${i.id})` : i.id}</option>)}
          </select>
        )}
      </Field>
      <Field id="alloc-network" label="Network" error={errors.networkId} hint="The machine's primary private network; its IPs come from here.">
        {(p) => (
          <select {...p} name="networkId" key={partition} disabled={noNetwork} className={inputClass}>
            {networks.map((n) => <option key={n.id} value={n.id}>{n.name} ({n.kind})</option>)}
          </select>
        )}
      </Field>
      {noNetwork && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 sm:col-span-2">
          This project has no private network in {partition}. <Link href="/networks" className="font-medium underline">Create one</Link> first: machines get their addresses from it.
        </p>
      )}
      <TextField idPrefix="alloc" name="hostname" label="Hostname (optional)" error={errors.hostname} hint="A DNS label; default: machine- and the first 8 characters of its ID" />
      <TextField idPrefix="alloc" name="name" label="Name (optional)" error={errors.name} />
      <Field id="alloc-ssh" label="SSH public keys (optional)" hint="One OpenSSH public key per line" error={keyError(errors)} className="sm:col-span-2">
        {(p) => <textarea {...p} name="sshPublicKeys" rows={3} className={`${inputClass} font-mono text-xs`} placeholder="ssh-ed25519 AAAA… you@laptop" />}
      </Field>
      <Field id="alloc-userdata" label="Userdata (optional)" hint="cloud-init or Ignition, at most 32 KiB" error={errors.userdata} className="sm:col-span-2">
        {(p) => <textarea {...p} name="userdata" rows={4} className={`${inputClass} font-mono text-xs`} />}
      </Field>
      <FormAlert error={allocate.error} errors={errors} fields={FIELDS} className="sm:col-span-2" />
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={allocate.isPending || blocked || noNetwork} className={primaryButton}>
          {allocate.isPending ? "Allocating…" : "Allocate machine"}
        </button>
        <Link href="/machines" className="rounded-md border border-slate-300 px-4 py-2 text-sm">Cancel</Link>
        {blocked && <span className="text-sm text-amber-900">Nothing to allocate of this size right now.</span>}
      </div>
    </form>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type MachineDto, reinstallMachineInput } from "@/lib/contracts/machines";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { partitionKeys } from "@/components/catalog/keys";
import { Alert, dangerButton, Field, inputClass, primaryButton, secondaryButton } from "@/components/catalog/ui";
import { machineLabel } from "./format";
import { machineKeys, machineUrl } from "./keys";
import { useMachineImages } from "./use-allocation-options";

/** DELETE /machines/{id} after a confirm(); the detail page shows what the server answered. */
export function useFreeMachine(id: string) {
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => apiFetch<MachineDto>(machineUrl(id), { method: "DELETE" }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: machineKeys.lists });
      await qc.invalidateQueries({ queryKey: partitionKeys.capacityAll });
    },
  });
  const confirmFree = (machine: MachineDto) => {
    if (confirm(`Free ${machineLabel(machine)}? Its ephemeral IPs are released, its disks are wiped and it goes back to the pool. This cannot be undone.`)) mutation.mutate();
  };
  return { mutation, confirmFree };
}

function ReinstallForm({ machine, onDone }: { machine: MachineDto; onDone: () => void }) {
  const qc = useQueryClient();
  const images = useMachineImages();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reinstall = useMutation({
    mutationFn: (body: unknown) => apiFetch<MachineDto>(`${machineUrl(machine.id)}/reinstall`, { method: "POST", body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: machineKeys.detail(machine.id) });
      onDone();
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = reinstallMachineInput.safeParse({ image: String(new FormData(e.currentTarget).get("image") ?? "") });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    if (confirm(`Reinstall ${machineLabel(machine)} with ${parsed.data.image}? It reboots; disks marked "wipe on reinstall" are erased, the others keep their data.`)) reinstall.mutate(parsed.data);
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Reinstall machine" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[1fr_auto] sm:items-end">
      <Field id="reinstall-image" label="New image" error={errors.image}>
        {(p) => (
          <select {...p} name="image" defaultValue={machine.allocation?.imageId} className={inputClass}>
            {(images.data ?? []).map((i) => <option key={i.id} value={i.id}>{i.name ? `${i.name} (${i.id})` : i.id}</option>)}
          </select>
        )}
      </Field>
      <div className="flex gap-2">
        <button type="submit" disabled={reinstall.isPending || images.isPending} className={primaryButton}>{reinstall.isPending ? "Reinstalling…" : "Reinstall"}</button>
        <button type="button" onClick={onDone} className={secondaryButton}>Cancel</button>
      </div>
      {reinstall.isError && !errors.image && <p role="alert" className="text-sm text-red-800 sm:col-span-2">{reinstall.error.message}</p>}
    </form>
  );
}

/**
 * Free and reinstall, for editors and owners only (viewers see no buttons). A LOCKED machine
 * refuses both; the notice says why and who can change it, instead of letting a click fail.
 */
export function MachineActions({ machine, free }: { machine: MachineDto; free: ReturnType<typeof useFreeMachine> }) {
  const [reinstalling, setReinstalling] = useState(false);
  const locked = machine.condition === "LOCKED";
  return (
    <div className="mb-4">
      {locked && (
        <p role="note" data-testid="locked-notice" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          An operator has locked this machine{machine.conditionReason ? `: ${machine.conditionReason}` : ""}. It cannot be freed or reinstalled until an operator unlocks it.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button onClick={() => setReinstalling(true)} disabled={locked || reinstalling} className={secondaryButton}>Reinstall…</button>
        <button onClick={() => free.confirmFree(machine)} disabled={locked || free.mutation.isPending} className={dangerButton}>{free.mutation.isPending ? "Freeing…" : "Free machine"}</button>
      </div>
      {free.mutation.isError && <div className="mt-3"><Alert>{free.mutation.error.message}</Alert></div>}
      {reinstalling && !locked && <div className="mt-3"><ReinstallForm machine={machine} onDone={() => setReinstalling(false)} /></div>}
    </div>
  );
}

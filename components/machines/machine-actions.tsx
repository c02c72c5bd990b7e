"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type MachineDto, reinstallMachineInput } from "@/lib/contracts/machines";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { partitionKeys } from "@/components/catalog/keys";
import { Field, inputClass, primaryButton, secondaryButton } from "@/components/catalog/ui";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toast";
import { machineLabel } from "./format";
import { machineKeys, machineUrl } from "./keys";
import { useMachineImages } from "./use-allocation-options";

/** DELETE /machines/{id} after typing the hostname; the detail page shows what the server answered. */
export function useFreeMachine(id: string) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const mutation = useMutation({
    mutationFn: () => apiFetch<MachineDto>(machineUrl(id), { method: "DELETE" }),
    onSuccess: async () => {
      toast.success("Machine freed", "Its disks are wiped before it returns to the pool.");
      await qc.invalidateQueries({ queryKey: machineKeys.lists });
      await qc.invalidateQueries({ queryKey: partitionKeys.capacityAll });
    },
  });
  const confirmFree = async (machine: MachineDto) => {
    const name = machineLabel(machine);
    if (await confirm({ title: `Free ${name}?`, body: "Its ephemeral IPs are released, its disks are wiped and it goes back to the pool. This cannot be undone.", confirmLabel: "Free machine", typeToConfirm: name })) mutation.mutate();
  };
  return { mutation, confirmFree };
}

export function ReinstallForm({ machine, onDone }: { machine: MachineDto; onDone: () => void }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const images = useMachineImages();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reinstall = useMutation({
    mutationFn: (body: unknown) => apiFetch<MachineDto>(`${machineUrl(machine.id)}/reinstall`, { method: "POST", body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: machineKeys.detail(machine.id) });
      toast.success(`Reinstalling ${machineLabel(machine)}`);
      onDone();
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = reinstallMachineInput.safeParse({ image: String(new FormData(e.currentTarget).get("image") ?? "") });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    if (await confirm({ title: `Reinstall ${machineLabel(machine)} with ${parsed.data.image}?`, body: "It reboots; disks marked \"wipe on reinstall\" are erased, the others keep their data.", confirmLabel: "Reinstall" })) reinstall.mutate(parsed.data);
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

/** Why Free and Reinstall are unavailable: an operator locked the machine (editors read who may change it). */
export function LockedNotice({ machine, canWrite }: { machine: MachineDto; canWrite: boolean }) {
  if (machine.condition !== "LOCKED") return null;
  return (
    <p role="note" data-testid="locked-notice" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      An operator has locked this machine{machine.conditionReason ? `: ${machine.conditionReason}` : ""}.{canWrite && " It cannot be freed or reinstalled until an operator unlocks it."}
    </p>
  );
}

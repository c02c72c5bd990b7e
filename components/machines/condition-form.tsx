"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type MachineDto, machineConditionInput, machineConditions } from "@/lib/contracts/machines";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { Field, inputClass, primaryButton, TextField } from "@/components/catalog/ui";
import { FormAlert } from "@/components/networks/form-alert";
import { machineKeys } from "./keys";

const meaning: Record<MachineDto["condition"], string> = {
  AVAILABLE: "normal: allocatable when free",
  LOCKED: "no free, no reinstall, no delete, never picked",
  TAINTED: "never picked for new allocations",
};

/** Operators lock, taint or release a machine with a reason (PATCH /admin/machines/{id}/condition). */
export function ConditionForm({ machine }: { machine: MachineDto }) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => apiFetch<MachineDto>(`/api/v1/admin/machines/${encodeURIComponent(machine.id)}/condition`, { method: "PATCH", body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: machineKeys.detail(machine.id) });
      await qc.invalidateQueries({ queryKey: machineKeys.lists });
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = machineConditionInput.safeParse({ condition: String(form.get("condition") ?? ""), reason: String(form.get("reason") ?? "") });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    save.mutate(parsed.data);
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Machine condition" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[12rem_1fr_auto] sm:items-start">
      <h2 className="text-lg font-semibold sm:col-span-3">Condition</h2>
      <Field id="condition" label="Condition" error={errors.condition}>
        {(p) => (
          <select {...p} name="condition" defaultValue={machine.condition} className={inputClass}>
            {machineConditions.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        )}
      </Field>
      <TextField idPrefix="condition" name="reason" label="Reason" defaultValue={machine.conditionReason} error={errors.reason} placeholder="e.g. RMA: replacing DIMM B2" />
      <button type="submit" disabled={save.isPending} className={`${primaryButton} sm:mt-6`}>{save.isPending ? "Saving…" : "Set condition"}</button>
      <ul className="grid gap-0.5 text-xs text-slate-500 sm:col-span-3">
        {machineConditions.map((c) => <li key={c}><span className="font-medium text-slate-700">{c}</span>: {meaning[c]}</li>)}
      </ul>
      <FormAlert error={save.error} errors={errors} fields={["condition", "reason"]} className="sm:col-span-3" />
      {save.isSuccess && !save.isPending && <p role="status" className="text-sm text-green-800 sm:col-span-3">Condition set to {save.data.condition}.</p>}
    </form>
  );
}

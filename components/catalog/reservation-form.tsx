"use client";

import type { FormEvent } from "react";
import { createSizeReservationInput, type SizeReservationDto, updateSizeReservationInput } from "@/lib/contracts/catalog";
import { ErrorState, Loading } from "@/components/ui/states";
import { errorAt, text, unplacedErrors } from "./form-values";
import { partitionKeys, reservationKeys } from "./keys";
import { Field, formClass, FormButtons, inputClass, OtherErrors, TextField } from "./ui";
import { useFormSave } from "@/components/ui/use-form-save";
import { useReservationOptions } from "./use-catalog-options";

const placed = ["projectId", "sizeId", "partitionIds", "amount", "description"];

/** Reserves machines of a size for a project; project and size are fixed once created. */
export function ReservationForm({ reservation, readOnly = false, onDone }: { reservation?: SizeReservationDto; readOnly?: boolean; onDone: (saved?: SizeReservationDto) => void }) {
  const options = useReservationOptions();
  const { save, errors, failure, submit } = useFormSave<SizeReservationDto>({
    url: reservation ? `/api/v1/size-reservations/${reservation.id}` : "/api/v1/size-reservations",
    method: reservation ? "PATCH" : "POST",
    // Reservations hold back capacity, so the partitions' capacity bars change too.
    invalidate: [reservationKeys.all, partitionKeys.all],
    onSaved: onDone,
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const amount = text(form, "amount").trim();
    const input = {
      ...(reservation ? {} : { projectId: text(form, "projectId"), sizeId: text(form, "sizeId") }),
      partitionIds: form.getAll("partitionIds").map(String),
      amount: amount === "" ? Number.NaN : Number(amount),
      description: text(form, "description"),
    };
    const early: Record<string, string> = {};
    if (amount === "" || !Number.isFinite(Number(amount))) early.amount = "enter a number of machines";
    if (!reservation && !input.projectId) early.projectId = "choose a project";
    if (!reservation && !input.sizeId) early.sizeId = "choose a size";
    submit(reservation ? updateSizeReservationInput : createSizeReservationInput, input, { early });
  }

  if (options.pending) return <Loading label="Loading projects, sizes and partitions…" />;
  if (options.error) return <ErrorState error={options.error} />;
  const prefix = reservation ? `reservation-${reservation.id}` : "new-reservation";
  const partitionsError = errorAt(errors, "partitionIds");
  const select = (name: "projectId" | "sizeId", label: string, items: { id: string; label: string }[]) => (
    <Field id={`${prefix}-${name}`} label={label} error={errors[name]}>
      {(props) => (
        <select {...props} name={name} defaultValue={reservation?.[name]} disabled={!!reservation} className={`${inputClass} disabled:bg-slate-50`}>
          {!reservation && <option value="">Choose…</option>}
          {items.map((i) => <option key={i.id} value={i.id}>{i.label}</option>)}
          {reservation && !items.some((i) => i.id === reservation[name]) && <option value={reservation[name]}>{reservation[name]}</option>}
        </select>
      )}
    </Field>
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-label={reservation ? "Edit size reservation" : "New size reservation"} className={formClass}>
      <fieldset disabled={readOnly} className="contents">
        {select("projectId", "Project", options.projects.map((p) => ({ id: p.id, label: `${p.tenantName} / ${p.name}` })))}
        {select("sizeId", "Size", options.sizes.map((s) => ({ id: s.id, label: s.name ? `${s.id} (${s.name})` : s.id })))}
        <fieldset className="text-sm sm:col-span-2">
          <legend className="mb-1 font-medium">Partitions</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {options.partitions.map((p) => (
              <label key={p.id} className="inline-flex items-center gap-2">
                <input type="checkbox" name="partitionIds" value={p.id} defaultChecked={reservation?.partitionIds.includes(p.id)} className="size-4" aria-invalid={!!partitionsError} />
                <span className="font-mono">{p.id}</span>
              </label>
            ))}
          </div>
          {partitionsError && <span className="mt-1 block text-red-700">{partitionsError}</span>}
        </fieldset>
        <TextField name="amount" label="Machines" type="number" error={errors.amount} idPrefix={prefix} defaultValue={reservation ? String(reservation.amount) : "1"} hint="How many machines of this size are held for the project, across the chosen partitions." />
        <TextField name="description" label="Description" error={errors.description} idPrefix={prefix} defaultValue={reservation?.description} placeholder="e.g. contract 2026-17" />
      </fieldset>
      <OtherErrors errors={unplacedErrors(errors, placed)} className="sm:col-span-2" />
      {failure && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{failure}</p>}
      {!readOnly && <FormButtons pending={save.isPending} label={reservation ? "Save changes" : "Create reservation"} onCancel={reservation ? undefined : () => onDone()} className="sm:col-span-2" />}
    </form>
  );
}

"use client";

import { type FormEvent, useState } from "react";
import { createSizeInput, type SizeDto, updateSizeInput } from "@/lib/contracts/catalog";
import { sizeProblems } from "@/lib/domain/catalog/size";
import { constraintsFrom, rowsFrom } from "./constraint-rows";
import { ConstraintsEditor } from "./constraints-editor";
import { errorAt, labelsFrom, labelsText, text, unplacedErrors } from "./form-values";
import { partitionKeys, sizeKeys } from "./keys";
import { Field, formClass, FormButtons, inputClass, OtherErrors, TextField } from "./ui";
import { useFormSave } from "@/components/ui/use-form-save";

const placed = ["id", "name", "description", "constraints", "labels"];

/** Creates a size, or edits one when `size` is given. Overlapping sizes are refused by the server. */
export function SizeForm({ size, readOnly = false, onDone }: { size?: SizeDto; readOnly?: boolean; onDone: (saved?: SizeDto) => void }) {
  const [rows, setRows] = useState(() => rowsFrom(size?.constraints));
  const { save, errors, failure, submit } = useFormSave<SizeDto>({
    url: size ? `/api/v1/sizes/${size.id}` : "/api/v1/sizes",
    method: size ? "PATCH" : "POST",
    invalidate: [sizeKeys.all, partitionKeys.all],
    onSaved: onDone,
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const { labels, errors: labelErrors } = labelsFrom(text(form, "labels"));
    const { constraints, errors: numberErrors } = constraintsFrom(rows);
    const input = {
      ...(size ? {} : { id: text(form, "id") }),
      name: text(form, "name"),
      description: text(form, "description"),
      constraints,
      labels,
    };
    submit(size ? updateSizeInput : createSizeInput, input, {
      early: { ...labelErrors, ...numberErrors },
      check: (data) => sizeProblems({ id: size?.id ?? "", constraints: data.constraints ?? [] }),
    });
  }

  const prefix = size ? `size-${size.id}` : "new-size";
  return (
    <form onSubmit={onSubmit} noValidate aria-label={size ? `Edit size ${size.id}` : "New size"} className={formClass}>
      <fieldset disabled={readOnly} className="contents">
        {!size && <TextField name="id" label="Id" error={errors.id} idPrefix={prefix} placeholder="e.g. c1-xlarge-x86" hint="Lowercase letters, digits and dashes; cannot be changed later." />}
        <TextField name="name" label="Name" error={errors.name} idPrefix={prefix} defaultValue={size?.name} placeholder="e.g. Compute XL" />
        <TextField name="description" label="Description" error={errors.description} idPrefix={prefix} defaultValue={size?.description} className={size ? "" : "sm:col-span-2"} />
      </fieldset>
      <ConstraintsEditor rows={rows} onChange={setRows} errors={errors} disabled={readOnly} />
      <Field id={`${prefix}-labels`} label="Labels" hint="One key=value per line." error={errorAt(errors, "labels")} className="sm:col-span-2">
        {(props) => <textarea {...props} name="labels" rows={2} disabled={readOnly} defaultValue={labelsText(size?.labels)} placeholder="cpu=amd" className={`${inputClass} font-mono`} />}
      </Field>
      <OtherErrors errors={unplacedErrors(errors, placed)} className="sm:col-span-2" />
      {failure && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{failure}</p>}
      {!readOnly && <FormButtons pending={save.isPending} label={size ? "Save changes" : "Create size"} onCancel={size ? undefined : () => onDone()} className="sm:col-span-2" />}
    </form>
  );
}

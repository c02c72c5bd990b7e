"use client";

import type { FormEvent } from "react";
import { createImageInput, imageClassification, imageFeature, type ImageDto, updateImageInput } from "@/lib/contracts/catalog";
import { imageIdProblem } from "@/lib/domain/catalog/image";
import { dateFromInput, dateInputValue, errorAt, text, unplacedErrors } from "./form-values";
import { imageKeys } from "./keys";
import { Field, formClass, FormButtons, inputClass, OtherErrors, TextField } from "./ui";
import { useFormSave } from "@/components/ui/use-form-save";

const placed = ["id", "name", "description", "url", "sha256", "features", "classification", "expiresAt"];

/** Creates an OS image, or edits one when `image` is given (the id, i.e. os and version, is fixed). */
export function ImageForm({ image, readOnly = false, onDone }: { image?: ImageDto; readOnly?: boolean; onDone: (saved?: ImageDto) => void }) {
  const { save, errors, failure, submit } = useFormSave<ImageDto>({
    url: image ? `/api/v1/images/${image.id}` : "/api/v1/images",
    method: image ? "PATCH" : "POST",
    invalidate: [imageKeys.all],
    onSaved: onDone,
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      ...(image ? {} : { id: text(form, "id").trim() }),
      name: text(form, "name"),
      description: text(form, "description"),
      url: text(form, "url").trim(),
      sha256: text(form, "sha256").trim(),
      features: form.getAll("features").map(String),
      classification: text(form, "classification"),
      expiresAt: dateFromInput(text(form, "expiresAt")),
    };
    // The schema checks the id's shape; whether the patch is a real date is the domain's rule.
    const idProblem = image ? null : imageIdProblem(input.id ?? "");
    submit(image ? updateImageInput : createImageInput, input, { check: () => (idProblem ? [{ field: "id", message: idProblem }] : []) });
  }

  const prefix = image ? `image-${image.id}` : "new-image";
  const featuresError = errorAt(errors, "features");
  return (
    <form onSubmit={onSubmit} noValidate aria-label={image ? `Edit image ${image.id}` : "New image"} className={formClass}>
      <fieldset disabled={readOnly} className="contents">
        {!image && <TextField name="id" label="Id" error={errors.id} idPrefix={prefix} placeholder="ubuntu-24.04.20260115" hint="<os>-<major>.<minor>.<build date YYYYMMDD>; cannot be changed later." />}
        <TextField name="name" label="Name" error={errors.name} idPrefix={prefix} defaultValue={image?.name} placeholder="e.g. Ubuntu 24.04 LTS" />
        <TextField name="description" label="Description" error={errors.description} idPrefix={prefix} defaultValue={image?.description} className={image ? "" : "sm:col-span-2"} />
        <TextField name="url" label="URL" type="url" error={errors.url} idPrefix={prefix} defaultValue={image?.url} placeholder="https://images.example/ubuntu/24.04/20260115/img.tar.lz4" className="sm:col-span-2" />
        <TextField name="sha256" label="SHA-256" error={errors.sha256} idPrefix={prefix} defaultValue={image?.sha256} placeholder="64 hex digits" className="sm:col-span-2" inputClassName="font-mono" />
        <fieldset className="text-sm">
          <legend className="mb-1 font-medium">Features</legend>
          <div className="flex gap-4">
            {imageFeature.options.map((f) => (
              <label key={f} className="inline-flex items-center gap-2">
                <input type="checkbox" name="features" value={f} defaultChecked={image ? image.features.includes(f) : f === "machine"} className="size-4" aria-invalid={!!featuresError} />
                {f === "machine" ? "Machine" : "Firewall"}
              </label>
            ))}
          </div>
          {featuresError && <span className="mt-1 block text-red-700">{featuresError}</span>}
        </fieldset>
        <Field id={`${prefix}-classification`} label="Classification" error={errors.classification}>
          {(props) => (
            <select {...props} name="classification" defaultValue={image?.classification ?? "preview"} className={inputClass}>
              {imageClassification.options.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          )}
        </Field>
        <TextField name="expiresAt" label="Expires at" type="date" error={errors.expiresAt} idPrefix={prefix} defaultValue={dateInputValue(image?.expiresAt)} hint="Empty: never. Expired images stay on existing machines but cannot be chosen for new ones." />
      </fieldset>
      <OtherErrors errors={unplacedErrors(errors, placed)} className="sm:col-span-2" />
      {failure && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{failure}</p>}
      {!readOnly && <FormButtons pending={save.isPending} label={image ? "Save changes" : "Create image"} onCancel={image ? undefined : () => onDone()} className="sm:col-span-2" />}
    </form>
  );
}

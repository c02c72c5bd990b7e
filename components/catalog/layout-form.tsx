"use client";

import type { FormEvent } from "react";
import { createFilesystemLayoutInput, type FilesystemLayoutDto, updateFilesystemLayoutInput } from "@/lib/contracts/catalog";
import { layoutProblems } from "@/lib/domain/catalog/filesystem-layout";
import { text, unplacedErrors } from "./form-values";
import { layoutKeys } from "./keys";
import { layoutJson, parseLayoutJson } from "./layout-json";
import { formClass, FormButtons, inputClass, OtherErrors, TextField } from "./ui";
import { useFormSave } from "@/components/ui/use-form-save";

/**
 * Creates or replaces (PUT) a filesystem layout. Disks, RAID, LVM, filesystems and constraints are
 * edited as JSON; every problem, the server's too, is listed under the textarea by its path
 * ("disks.0.partitions.1.sizeMiB").
 */
export function LayoutForm({ layout, readOnly = false, onDone }: { layout?: FilesystemLayoutDto; readOnly?: boolean; onDone: (saved?: FilesystemLayoutDto) => void }) {
  const { save, errors, setErrors, failure, submit } = useFormSave<FilesystemLayoutDto>({
    url: layout ? `/api/v1/filesystem-layouts/${layout.id}` : "/api/v1/filesystem-layouts",
    method: layout ? "PUT" : "POST",
    invalidate: [layoutKeys.all],
    onSaved: onDone,
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const json = parseLayoutJson(text(form, "layout"));
    // Until the JSON parses, the schema's complaints about a missing body would only be noise.
    if (!json.ok) return setErrors({ layout: json.message });
    const { id: _ignored, ...body } = json.value;
    const input = { ...body, ...(layout ? {} : { id: text(form, "id") }), name: text(form, "name"), description: text(form, "description") };
    submit(layout ? updateFilesystemLayoutInput : createFilesystemLayoutInput, input, { check: (data) => layoutProblems(data) });
  }

  const prefix = layout ? `layout-${layout.id}` : "new-layout";
  const layoutErrors = unplacedErrors(errors, ["id", "name", "description"]);
  return (
    <form onSubmit={onSubmit} noValidate aria-label={layout ? `Edit layout ${layout.id}` : "New filesystem layout"} className={formClass}>
      <fieldset disabled={readOnly} className="contents">
        {!layout && <TextField name="id" label="Id" error={errors.id} idPrefix={prefix} placeholder="e.g. c1-ubuntu" hint="Lowercase letters, digits and dashes; cannot be changed later." />}
        <TextField name="name" label="Name" error={errors.name} idPrefix={prefix} defaultValue={layout?.name} placeholder="e.g. Single disk, EFI + root" />
        <TextField name="description" label="Description" error={errors.description} idPrefix={prefix} defaultValue={layout?.description} className={layout ? "" : "sm:col-span-2"} />
        <div className="text-sm sm:col-span-2">
          <label htmlFor={`${prefix}-layout`} className="mb-1 block font-medium">Layout (JSON)</label>
          <p id={`${prefix}-layout-hint`} className="mb-1 text-slate-500">
            Disks with partitions (sizeMiB 0 = rest of the disk, last partition only), raid (level &quot;0&quot;/&quot;1&quot;), volumeGroups, logicalVolumes,
            filesystems (path, device, format vfat/ext3/ext4/swap/tmpfs/none) and constraints: the size ids this layout is for and a version range per os.
          </p>
          <textarea
            id={`${prefix}-layout`}
            name="layout"
            rows={24}
            spellCheck={false}
            defaultValue={layoutJson(layout)}
            aria-invalid={layoutErrors.length > 0}
            aria-describedby={`${prefix}-layout-hint${layoutErrors.length ? ` ${prefix}-layout-errors` : ""}`}
            className={`${inputClass} font-mono text-xs`}
          />
        </div>
      </fieldset>
      {layoutErrors.length > 0 && (
        <div id={`${prefix}-layout-errors`} className="sm:col-span-2">
          <p className="mb-1 text-sm font-medium text-red-700">The layout has {layoutErrors.length === 1 ? "a problem" : `${layoutErrors.length} problems`}:</p>
          <OtherErrors errors={layoutErrors.map(([field, message]) => [field === "layout" ? "JSON" : field, message])} />
        </div>
      )}
      {failure && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{failure}</p>}
      {!readOnly && <FormButtons pending={save.isPending} label={layout ? "Save layout" : "Create layout"} onCancel={layout ? undefined : () => onDone()} className="sm:col-span-2" />}
    </form>
  );
}

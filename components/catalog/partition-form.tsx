"use client";

import type { FormEvent } from "react";
import { createPartitionInput, type PartitionDto, updatePartitionInput } from "@/lib/contracts/catalog";
import { errorAt, labelsFrom, labelsText, listFrom, text, unplacedErrors } from "./form-values";
import { partitionKeys } from "./keys";
import { Field, formClass, FormButtons, inputClass, OtherErrors, TextField } from "./ui";
import { useFormSave } from "@/components/ui/use-form-save";

const placed = ["id", "name", "description", "bootConfig.kernelUrl", "bootConfig.initrdUrl", "bootConfig.commandLine", "mgmtServiceAddress", "dnsServers", "ntpServers", "labels", "bootNetworks", "bmcNetworks", "bootMode"];

/** Creates a partition, or edits one when `partition` is given (the PATCH sends every field). */
export function PartitionForm({ partition, readOnly = false, onDone }: { partition?: PartitionDto; readOnly?: boolean; onDone: (saved?: PartitionDto) => void }) {
  const { save, errors, failure, submit } = useFormSave<PartitionDto>({
    url: partition ? `/api/v1/partitions/${partition.id}` : "/api/v1/partitions",
    method: partition ? "PATCH" : "POST",
    invalidate: [partitionKeys.all],
    onSaved: onDone,
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const { labels, errors: labelErrors } = labelsFrom(text(form, "labels"));
    const input = {
      ...(partition ? {} : { id: text(form, "id") }),
      name: text(form, "name"),
      description: text(form, "description"),
      bootConfig: { kernelUrl: text(form, "kernelUrl").trim(), initrdUrl: text(form, "initrdUrl").trim(), commandLine: text(form, "commandLine") },
      mgmtServiceAddress: text(form, "mgmtServiceAddress").trim(),
      dnsServers: listFrom(text(form, "dnsServers")),
      ntpServers: listFrom(text(form, "ntpServers")),
      labels,
      bootNetworks: listFrom(text(form, "bootNetworks")),
      bmcNetworks: listFrom(text(form, "bmcNetworks")),
      bootMode: text(form, "bootMode"),
    };
    submit(partition ? updatePartitionInput : createPartitionInput, input, { early: labelErrors });
  }

  const prefix = partition ? `partition-${partition.id}` : "new-partition";
  const field = (name: string, label: string, errorKey: string, props: { defaultValue?: string; placeholder?: string; hint?: string; className?: string } = {}) => (
    <TextField name={name} label={label} error={errorAt(errors, errorKey)} idPrefix={prefix} {...props} />
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-label={partition ? `Edit partition ${partition.id}` : "New partition"} className={formClass}>
      <fieldset disabled={readOnly} className="contents">
        {!partition && field("id", "Id", "id", { placeholder: "e.g. fra-equ01", hint: "Lowercase letters, digits and dashes; cannot be changed later." })}
        {field("name", "Name", "name", { defaultValue: partition?.name, placeholder: "e.g. Frankfurt Equinix FR5" })}
        {field("description", "Description", "description", { defaultValue: partition?.description, className: partition ? "" : "sm:col-span-2" })}
        <fieldset className="grid gap-3 text-sm sm:col-span-2 sm:grid-cols-2">
          <legend className="mb-1 font-medium">Boot configuration (PXE)</legend>
          {field("kernelUrl", "Kernel URL", "bootConfig.kernelUrl", { defaultValue: partition?.bootConfig.kernelUrl, placeholder: "https://images.example/metal-kernel" })}
          {field("initrdUrl", "Initrd URL", "bootConfig.initrdUrl", { defaultValue: partition?.bootConfig.initrdUrl, placeholder: "https://images.example/metal-initrd.img.lz4" })}
          {field("commandLine", "Kernel command line", "bootConfig.commandLine", { defaultValue: partition?.bootConfig.commandLine, placeholder: "console=ttyS1,115200n8", className: "sm:col-span-2" })}
        </fieldset>
        {field("mgmtServiceAddress", "Management service address", "mgmtServiceAddress", { defaultValue: partition?.mgmtServiceAddress, placeholder: "mgmt.fra-equ01.example:4150", hint: "host:port; empty if none." })}
        {field("dnsServers", "DNS servers", "dnsServers", { defaultValue: partition?.dnsServers.join(", "), placeholder: "1.1.1.1, 8.8.8.8", hint: "IP addresses, comma-separated (at most 3)." })}
        {field("ntpServers", "NTP servers", "ntpServers", { defaultValue: partition?.ntpServers.join(", "), placeholder: "0.de.pool.ntp.org, 1.de.pool.ntp.org", hint: "IP addresses or host names, comma-separated (at most 5)." })}
        {field("bootNetworks", "Boot networks", "bootNetworks", { defaultValue: partition?.bootNetworks.join(", "), placeholder: "10.1.0.0/16", hint: "CIDRs machines PXE-boot from; other sources get no iPXE script and cannot register. Empty: any source." })}
        {field("bmcNetworks", "BMC networks", "bmcNetworks", { defaultValue: partition?.bmcNetworks.join(", "), placeholder: "10.2.0.0/16", hint: "CIDRs of the BMCs. A BMC reported outside them is not contacted until an operator approves it. Empty: none." })}
        <Field id={`${prefix}-bootMode`} label="Boot mode" hint="How BMC boot overrides ask the machines' firmware to boot, unless a machine's BMC settings say otherwise." error={errorAt(errors, "bootMode")}>
          {(props) => (
            <select {...props} name="bootMode" defaultValue={partition?.bootMode ?? "uefi"} className={inputClass}>
              <option value="uefi">UEFI</option>
              <option value="legacy">Legacy BIOS</option>
            </select>
          )}
        </Field>
        <Field id={`${prefix}-labels`} label="Labels" hint="One key=value per line." error={errorAt(errors, "labels")}>
          {(props) => <textarea {...props} name="labels" rows={3} defaultValue={labelsText(partition?.labels)} placeholder={"region=eu-central\nzone=fra"} className={`${inputClass} font-mono`} />}
        </Field>
      </fieldset>
      <OtherErrors errors={unplacedErrors(errors, placed)} className="sm:col-span-2" />
      {failure && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{failure}</p>}
      {!readOnly && <FormButtons pending={save.isPending} label={partition ? "Save changes" : "Create partition"} onCancel={partition ? undefined : () => onDone()} className="sm:col-span-2" />}
    </form>
  );
}

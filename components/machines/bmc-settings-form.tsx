"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type BmcDto, updateBmcInput } from "@/lib/contracts/bmc";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { Field, inputClass, primaryButton, TextField } from "@/components/catalog/ui";
import { FormAlert } from "@/components/networks/form-alert";
import { machineKeys } from "./keys";

const FIELDS = ["protocol", "address", "user", "password", "insecureTls", "systemId", "bootMode"];

/** PATCH /admin/machines/{id}/bmc; the answer is the new panel, shown at once. */
function useUpdateBmc(machineId: string, onSaved: () => void) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => apiFetch<BmcDto>(`/api/v1/admin/machines/${encodeURIComponent(machineId)}/bmc`, { method: "PATCH", body }),
    onSuccess: (bmc) => {
      qc.setQueryData(machineKeys.bmc(machineId), bmc);
      onSaved();
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });
  return { save, errors, setErrors };
}

/**
 * Operators set how the control plane reaches a machine's BMC. The password is write-only: the
 * field starts empty every time (empty = keep the stored one) and is cleared after a save; the
 * page never receives it. Saving makes the BMC due for a poll, so the panel soon shows whether
 * the new settings work.
 */
export function BmcSettingsForm({ machineId, bmc }: { machineId: string; bmc: BmcDto | null }) {
  // A new form after each save: the password field is empty again, the others show what was saved.
  const [version, setVersion] = useState(0);
  const { save, errors, setErrors } = useUpdateBmc(machineId, () => setVersion((v) => v + 1));
  const c = bmc?.connection;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password") ?? "");
    const parsed = updateBmcInput.safeParse({
      protocol: String(form.get("protocol") ?? ""),
      address: String(form.get("address") ?? ""),
      user: String(form.get("user") ?? ""),
      insecureTls: form.get("insecureTls") === "on",
      systemId: String(form.get("systemId") ?? ""),
      bootMode: form.get("bootMode") === "uefi" || form.get("bootMode") === "legacy" ? form.get("bootMode") : null,
      ...(password ? { password } : {}),
    });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    save.mutate(parsed.data);
  }

  return (
    <section aria-labelledby="bmc-settings-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="bmc-settings-heading" className="text-lg font-semibold">BMC settings</h2>
      <p className="mb-3 text-sm text-slate-600">
        {bmc ? "How the control plane reaches this BMC. Once saved here, the machine's own reports no longer change them." : "This machine has no BMC yet: give its protocol and address."}
      </p>
      <form key={version} onSubmit={submit} noValidate aria-label="BMC settings" className="grid gap-3 sm:grid-cols-2">
        <Field id="bmc-protocol" label="Protocol" error={errors.protocol}>
          {(p) => (
            <select {...p} name="protocol" defaultValue={bmc?.protocol ?? "redfish"} className={inputClass}>
              <option value="redfish">Redfish</option>
              <option value="ipmi">IPMI 2.0 (lanplus)</option>
            </select>
          )}
        </Field>
        <TextField idPrefix="bmc" name="address" label="Address" defaultValue={c?.address} error={errors.address} placeholder="10.1.0.17, host:port or https://host" />
        <TextField idPrefix="bmc" name="user" label="User" defaultValue={c?.user} error={errors.user} />
        <Field id="bmc-password" label="Password" error={errors.password} hint={c?.passwordSet ? "A password is set. Leave empty to keep it." : "No password is set."}>
          {(p) => <input {...p} name="password" type="password" autoComplete="new-password" className={inputClass} />}
        </Field>
        <SystemField systems={c?.discoveredSystems ?? []} value={c?.systemId ?? ""} error={errors.systemId} />
        <Field id="bmc-bootMode" label="Boot mode" error={errors.bootMode} hint={`How boot overrides ask the firmware to boot (IPMI: the EFI flag; Redfish: BootSourceOverrideMode). Now: ${c?.effectiveBootMode === "legacy" ? "legacy BIOS" : "UEFI"}.`}>
          {(p) => (
            <select {...p} name="bootMode" defaultValue={c?.bootMode ?? ""} className={inputClass}>
              <option value="">The partition&apos;s default</option>
              <option value="uefi">UEFI</option>
              <option value="legacy">Legacy BIOS</option>
            </select>
          )}
        </Field>
        <div className="text-sm sm:col-span-2">
          <label className="inline-flex items-center gap-2 font-medium">
            <input type="checkbox" name="insecureTls" defaultChecked={c?.insecureTls ?? false} className="size-4" aria-describedby="bmc-tls-warning" />
            Skip TLS certificate verification (Redfish)
          </label>
          <p id="bmc-tls-warning" className="mt-1 text-amber-800">
            Without verification anyone on the management network can pose as this BMC and receive its password. Only for BMCs with self-signed certificates on a network you trust.
          </p>
        </div>
        <div className="sm:col-span-2">
          <button type="submit" disabled={save.isPending} className={primaryButton}>{save.isPending ? "Saving…" : "Save BMC settings"}</button>
        </div>
        <FormAlert error={save.error} errors={errors} fields={FIELDS} className="sm:col-span-2" />
      </form>
      {save.isSuccess && !save.isPending && version > 0 && (
        <p role="status" className="mt-3 text-sm text-green-800">BMC settings saved. The BMC is being read with them now; the panel shows the result.</p>
      )}
    </section>
  );
}

/**
 * Redfish: which computer system of the BMC this machine is (blades and multi-node chassis have
 * several behind one BMC). The systems the poller discovered are offered; without any, a text field.
 */
function SystemField({ systems, value, error }: { systems: string[]; value: string; error?: string }) {
  const hint = systems.length > 1
    ? "This BMC manages several systems: choose the one that is this machine."
    : "Redfish only. Empty: the BMC's only system.";
  if (systems.length === 0) {
    return <TextField idPrefix="bmc" name="systemId" label="System" defaultValue={value} error={error} placeholder="e.g. 1 or System.Embedded.1" hint={hint} />;
  }
  const options = systems.includes(value) || !value ? systems : [value, ...systems];
  return (
    <Field id="bmc-systemId" label="System" error={error} hint={hint}>
      {(p) => (
        <select {...p} name="systemId" defaultValue={value} className={inputClass}>
          <option value="">{systems.length === 1 ? `Its only system (${systems[0]})` : "None chosen"}</option>
          {options.map((id) => <option key={id} value={id}>{id}</option>)}
        </select>
      )}
    </Field>
  );
}

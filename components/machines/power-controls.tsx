"use client";

import { type FormEvent, useState } from "react";
import type { PowerAction, PowerActionInput } from "@/lib/contracts/bmc";
import type { MachineDto } from "@/lib/contracts/machines";
import { Alert, dangerButton, inputBase, secondaryButton } from "@/components/catalog/ui";
import { commandLabel, destructiveActions } from "./bmc-format";
import { machineLabel } from "./format";
import { usePowerAction } from "./use-bmc";

const bootDevices = [
  { action: "boot-pxe", label: "Network (PXE)" },
  { action: "boot-disk", label: "Disk" },
  { action: "boot-bios", label: "BIOS setup" },
] as const satisfies { action: PowerAction; label: string }[];

const groupClass = "flex flex-wrap items-center gap-2";
const groupLabel = "w-full text-sm font-medium text-slate-700 sm:w-28";

/**
 * Power, boot device and identify LED through the machine's BMC, for those who may change the
 * machine. Off, reset and cycle interrupt the running OS, so they ask first, naming the machine.
 * Each click queues a command; the history below shows it run, succeed or fail.
 */
export function PowerControls({ machine }: { machine: MachineDto }) {
  const power = usePowerAction(machine.id);
  const [bootError, setBootError] = useState<string | null>(null);
  const name = machineLabel(machine);

  function run(input: PowerActionInput) {
    const ask = destructiveActions[input.action];
    if (ask && !confirm(ask(name))) return;
    power.mutate(input);
  }
  function setBoot(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const action = bootDevices.find((d) => d.action === form.get("device"))?.action;
    if (!action) return setBootError("Choose a boot device.");
    setBootError(null);
    run({ action, persistent: form.get("persistent") === "on" });
  }
  const busy = power.isPending;
  const queued = power.data?.commands[0];

  return (
    <section aria-labelledby="power-heading" data-testid="power-controls" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="power-heading" className="text-lg font-semibold">Power and boot</h2>
      <div role="group" aria-label="Power" className={groupClass}>
        <span className={groupLabel} aria-hidden>Power</span>
        <button type="button" onClick={() => run({ action: "on", persistent: false })} disabled={busy} className={secondaryButton}>Power on</button>
        <button type="button" onClick={() => run({ action: "off", persistent: false })} disabled={busy} className={dangerButton}>Power off…</button>
        <button type="button" onClick={() => run({ action: "reset", persistent: false })} disabled={busy} className={dangerButton}>Reset…</button>
        <button type="button" onClick={() => run({ action: "cycle", persistent: false })} disabled={busy} className={dangerButton}>Power cycle…</button>
      </div>
      <form onSubmit={setBoot} aria-label="Boot device" className={groupClass}>
        <label htmlFor={`boot-device-${machine.id}`} className={groupLabel}>Boot device</label>
        <select id={`boot-device-${machine.id}`} name="device" defaultValue="boot-pxe" className={`${inputBase} text-sm`}>
          {bootDevices.map((d) => <option key={d.action} value={d.action}>{d.label}</option>)}
        </select>
        <label className="inline-flex items-center gap-1.5 text-sm">
          <input type="checkbox" name="persistent" className="size-4" /> every boot, not just the next
        </label>
        <button type="submit" disabled={busy} className={secondaryButton}>Set boot device</button>
        {bootError && <p role="alert" className="w-full text-sm text-red-700">{bootError}</p>}
      </form>
      <div role="group" aria-label="Identify LED" className={groupClass}>
        <span className={groupLabel} aria-hidden>Identify LED</span>
        <button type="button" onClick={() => run({ action: "identify-on", persistent: false })} disabled={busy} className={secondaryButton}>LED on</button>
        <button type="button" onClick={() => run({ action: "identify-off", persistent: false })} disabled={busy} className={secondaryButton}>LED off</button>
      </div>
      {power.isError && <Alert>{power.error.message}</Alert>}
      {queued && !busy && !power.isError && (
        <p role="status" className="text-sm text-slate-600">Queued: {commandLabel(queued)}. The command history shows how it goes.</p>
      )}
    </section>
  );
}

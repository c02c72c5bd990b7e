"use client";

import { type FormEvent, useState } from "react";
import type { BmcCommandDto, BmcDto, PowerAction, PowerActionInput } from "@/lib/contracts/bmc";
import type { MachineDto } from "@/lib/contracts/machines";
import { Alert, dangerButton, inputBase, secondaryButton } from "@/components/catalog/ui";
import { commandLabel, destructiveActions } from "./bmc-format";
import { machineLabel } from "./format";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toast";
import { usePowerAction } from "./use-bmc";

const bootDevices = [
  { action: "boot-pxe", label: "Network (PXE)" },
  { action: "boot-disk", label: "Disk" },
  { action: "boot-bios", label: "BIOS setup" },
] as const satisfies { action: PowerAction; label: string }[];

const groupClass = "flex flex-wrap items-center gap-2";
const groupLabel = "w-full text-sm font-medium text-slate-700 sm:w-28";

/**
 * Runs a power/boot/LED action on the machine's BMC. Off, reset and cycle interrupt the running
 * OS, so they ask first in a dialog naming the machine. Each run queues a command; the toast
 * says so and the command history shows it run, succeed or fail.
 */
export function usePowerRun(machine: MachineDto) {
  const power = usePowerAction(machine.id);
  const confirm = useConfirm();
  const name = machineLabel(machine);
  async function run(input: PowerActionInput) {
    const ask = destructiveActions[input.action];
    if (ask) {
      const [title, ...rest] = ask(name).split("? ");
      const verb = title.slice(0, title.length - name.length - 1);
      if (!(await confirm({ title: `${title}?`, body: rest.join("? "), confirmLabel: verb }))) return;
    }
    power.mutate(input, {
      onSuccess: ({ commands }) => toast.success(`${commands[0] ? commandLabel(commands[0]) : "Command"} queued for ${name}`),
      onError: (err) => toast.error("The BMC command was refused", err.message),
    });
  }
  return { run, power };
}

/** Commands still on their way (queued or running), newest first: the notes that clear when they end. */
export function inFlight(commands: BmcCommandDto[]): BmcCommandDto[] {
  return commands.filter((c) => c.status === "queued" || c.status === "running");
}

/**
 * Power, boot device and identify LED through the machine's BMC, for those who may change the
 * machine. Buttons follow the power state the BMC last reported (no "Power on" for a machine
 * that is on); a note lists commands still running and disappears when they end.
 */
export function PowerControls({ machine, powerState, commands = [] }: { machine: MachineDto; powerState?: BmcDto["powerState"]; commands?: BmcCommandDto[] }) {
  const { run, power } = usePowerRun(machine);
  const [bootError, setBootError] = useState<string | null>(null);

  function setBoot(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const action = bootDevices.find((d) => d.action === form.get("device"))?.action;
    if (!action) return setBootError("Choose a boot device.");
    setBootError(null);
    run({ action, persistent: form.get("persistent") === "on" });
  }
  const busy = power.isPending;
  const pending = inFlight(commands);

  return (
    <section aria-labelledby="power-heading" data-testid="power-controls" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="power-heading" className="text-lg font-semibold">Power and boot</h2>
      <div role="group" aria-label="Power" className={groupClass}>
        <span className={groupLabel} aria-hidden>Power</span>
        <button type="button" onClick={() => run({ action: "on", persistent: false })} disabled={busy || powerState === "on"} className={secondaryButton}>Power on</button>
        <button type="button" onClick={() => run({ action: "off", persistent: false })} disabled={busy || powerState === "off"} className={dangerButton}>Power off…</button>
        <button type="button" onClick={() => run({ action: "reset", persistent: false })} disabled={busy || powerState === "off"} className={dangerButton}>Reset…</button>
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
      <p role="status" data-testid="commands-in-flight" className="text-sm text-slate-600">
        {pending.length > 0 && <>In progress: {pending.map((c) => `${commandLabel(c)} (${c.status})`).join(", ")}. The command history shows how it goes.</>}
      </p>
    </section>
  );
}

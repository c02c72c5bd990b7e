"use client";

import { Power, PowerOff } from "lucide-react";
import type { ReactNode } from "react";
import type { MachineDto } from "@/lib/contracts/machines";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { dangerButton, secondaryButton } from "@/components/ui/buttons";
import { CopyValue } from "@/components/ui/copy";
import { ActionsMenu, type MenuItem } from "@/components/ui/menu";
import { PowerBadge, StateBadge } from "./badges";
import { commandLabel } from "./bmc-format";
import { machineAddresses, machineLabel } from "./format";
import { LiveIndicator } from "./live-indicator";
import { inFlight, usePowerRun } from "./power-controls";
import { isNoBmc, useBmcCommandPages, useMachineBmc } from "./use-bmc";
import type { StreamStatus } from "./use-machine-stream";

/**
 * The top of both machine pages: breadcrumb, hostname, state and power, copyable id (and for an
 * allocated machine its primary IP and a ready `ssh` command), the live indicator, and the main
 * actions. The power button and menu items follow the power state the BMC reported; a note
 * shows BMC commands still running and clears when they end.
 */
export function MachineHeader({ machine: m, area, stream, canPower, words, crumbs, menu = [], actions }: {
  machine: MachineDto;
  area: "portal" | "admin";
  stream: StreamStatus;
  canPower: boolean;
  words: "tenant" | "technical";
  crumbs: { href?: string; label: string }[];
  menu?: MenuItem[];
  actions?: ReactNode;
}) {
  const bmc = useMachineBmc(m.id, 60_000);
  const commands = useBmcCommandPages(m.id, 60_000);
  const { run, power } = usePowerRun(m);
  const hasBmc = bmc.isSuccess;
  const state = bmc.data?.powerState;
  const ip = machineAddresses(m)[0];
  const pending = inFlight(commands.commands);
  const powerItems: MenuItem[] = canPower && hasBmc ? [
    { label: "Power on", onSelect: () => run({ action: "on", persistent: false }), disabled: state === "on" },
    { label: "Power off…", onSelect: () => run({ action: "off", persistent: false }), disabled: state === "off", danger: true },
    { label: "Reset…", onSelect: () => run({ action: "reset", persistent: false }), disabled: state === "off", danger: true },
    { label: "Power cycle…", onSelect: () => run({ action: "cycle", persistent: false }), danger: true },
    { label: "Identify LED on", onSelect: () => run({ action: "identify-on", persistent: false }) },
    { label: "Identify LED off", onSelect: () => run({ action: "identify-off", persistent: false }) },
  ] : [];
  const items = [...powerItems, ...menu];
  return (
    <header className="mb-6" data-testid="machine-header">
      <Breadcrumbs items={crumbs} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="break-all text-2xl font-semibold tracking-tight">{area === "admin" ? `Machine ${m.id}` : machineLabel(m)}</h1>
            <StateBadge machine={m} words={words} />
            {state && <PowerBadge state={state} testId="header-power" />}
            <LiveIndicator status={stream} />
          </div>
          <div className="mt-2 flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-slate-600">
            {area === "admin" && m.allocation && <span>Hostname <span className="font-mono">{m.allocation.hostname}</span></span>}
            {area === "portal" && <span className="inline-flex items-center gap-1.5">ID <CopyValue value={m.id} label="Copy machine ID" /></span>}
            {ip && <span className="inline-flex items-center gap-1.5">IP <CopyValue value={ip} label="Copy primary IP" /></span>}
            {ip && area === "portal" && <span className="inline-flex items-center gap-1.5" data-testid="ssh-command">SSH <CopyValue value={`ssh root@${ip}`} label="Copy ssh command" /></span>}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canPower && hasBmc && state === "off" && (
            <button type="button" onClick={() => run({ action: "on", persistent: false })} disabled={power.isPending} className={secondaryButton}>
              <Power aria-hidden className="size-4" />Power on
            </button>
          )}
          {canPower && hasBmc && state === "on" && (
            <button type="button" onClick={() => run({ action: "off", persistent: false })} disabled={power.isPending} className={dangerButton}>
              <PowerOff aria-hidden className="size-4" />Power off…
            </button>
          )}
          {actions}
          {items.length > 0 && <ActionsMenu label="Actions" items={items} />}
        </div>
      </div>
      {pending.length > 0 && (
        <p role="status" className="mt-2 text-sm text-slate-600" data-testid="header-in-flight">
          In progress: {pending.map((c) => `${commandLabel(c)} (${c.status})`).join(", ")}
        </p>
      )}
      {bmc.isError && !isNoBmc(bmc.error) && <p className="mt-2 text-sm text-red-800">The BMC could not be read: {bmc.error.message}</p>}
    </header>
  );
}

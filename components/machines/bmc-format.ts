import type { BmcCommandDto, BmcDto, PowerAction } from "@/lib/contracts/bmc";

/** What people call each command; boot commands say for how long they hold. */
const commandNames: Record<BmcCommandDto["command"], string> = {
  "power-on": "Power on",
  "power-off": "Power off",
  "power-reset": "Reset",
  "power-cycle": "Power cycle",
  "boot-pxe": "Boot from network (PXE)",
  "boot-disk": "Boot from disk",
  "boot-bios": "Boot into BIOS setup",
  "identify-on": "Identify LED on",
  "identify-off": "Identify LED off",
};

export function commandLabel(c: Pick<BmcCommandDto, "command" | "persistent">): string {
  const name = commandNames[c.command];
  if (!c.command.startsWith("boot-")) return name;
  return `${name}, ${c.persistent ? "every boot" : "next boot only"}`;
}

/** Why a command was issued: a person, or the control plane on behalf of a free, reinstall, … */
const origins: Record<string, string> = {
  user: "by hand",
  free: "free",
  reinstall: "reinstall",
  installed: "install finished",
  resurrection: "resurrection",
};

export const originLabel = (origin: string) => origins[origin] ?? origin;

export const statusTone: Record<BmcCommandDto["status"], "slate" | "blue" | "green" | "red"> = {
  queued: "slate", running: "blue", succeeded: "green", failed: "red",
};

/**
 * The actions that interrupt whatever the machine runs: the button asks first, naming the
 * machine and what happens to it.
 */
export const destructiveActions: Partial<Record<PowerAction, (machine: string) => string>> = {
  off: (m) => `Power off ${m}? Its operating system stops at once, without shutting down; unsaved data is lost.`,
  reset: (m) => `Reset ${m}? It restarts at once, without shutting down; unsaved data is lost.`,
  cycle: (m) => `Power cycle ${m}? It is switched off and on again, without shutting down; unsaved data is lost.`,
};

/** "412 W", or why there is no number. */
export function powerDraw(watts: BmcDto["powerWatts"]): string {
  return watts === null ? "not reported" : `${Math.round(watts)} W`;
}

/** "Lab Systems LS-1U", or "—" when the BMC told nothing. */
export function productLine(b: Pick<BmcDto, "manufacturer" | "model">): string {
  return [b.manufacturer, b.model].filter(Boolean).join(" ") || "—";
}

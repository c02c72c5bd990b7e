import type { LifecycleState } from "./events";

/**
 * What a tenant reads for a lifecycle state. The technical names (metal-stack's event strings:
 * "Phoned Home", "Booting New Kernel") stay in the event log, the API, the CLI and the admin
 * console; the portal's badges and headers say what it means for the tenant.
 */
const words: Record<LifecycleState, { word: string; meaning: string }> = {
  Initial: { word: "New", meaning: "registered nothing yet" },
  "PXE Booting": { word: "Booting", meaning: "booting from the network" },
  Preparing: { word: "Preparing", meaning: "the installer prepares the hardware" },
  Registering: { word: "Registering", meaning: "reporting its hardware" },
  Waiting: { word: "Available", meaning: "in the pool, ready to be allocated" },
  Installing: { word: "Installing", meaning: "writing the image to disk" },
  "Booting New Kernel": { word: "Starting", meaning: "booting the installed operating system" },
  "Phoned Home": { word: "Running", meaning: "the operating system is up and reports in" },
  "Planned Reboot": { word: "Rebooting", meaning: "a reboot that was asked for" },
  "Machine Reclaim": { word: "Wiping", meaning: "freed: its disks are wiped before it returns to the pool" },
  Crashed: { word: "Crashed", meaning: "rebooted or stopped unexpectedly" },
};

/** "Running" for "Phoned Home"; an unknown state reads as itself. */
export function tenantStateWord(state: string): string {
  return (words as Record<string, { word: string }>)[state]?.word ?? state;
}

/** One line explaining the state, shown on the page (not only in a tooltip). */
export function tenantStateMeaning(state: string): string {
  return (words as Record<string, { meaning: string }>)[state]?.meaning ?? "";
}

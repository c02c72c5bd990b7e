import type { MachineDto, MachineIssue } from "@/lib/contracts/machines";
import { formatAge, formatTime, hardwareLine } from "./format";

/** The issues view's sections: what each kind means and the reason shown per machine. */
export const issueKinds: { issue: MachineIssue; title: string; help: string; reason: (m: MachineDto) => string }[] = [
  {
    issue: "failed", title: "Stuck in a transitional state", help: "A provisioning step outlived its timeout; the next event clears it.",
    reason: (m) => (m.failed ? `${m.failed.reason} (since ${formatTime(m.failed.since)})` : `stuck in ${m.state}`),
  },
  {
    issue: "crashLoop", title: "Crash loop", help: "Crashed, or booted when it should not have; cleared by Phoned Home, Planned Reboot or a reclaim.",
    reason: (m) => {
      const e = m.lastError;
      if (!e) return `unexpected events in ${m.state}`;
      return `${e.message ? `${e.event}: ${e.message}` : `unexpected ${e.event}`} at ${formatTime(e.time)}`;
    },
  },
  {
    issue: "failedReclaim", title: "Failed reclaim", help: "After a free it phoned home from its old OS instead of PXE-booting: check its boot order.",
    reason: (m) => `phoned home from its old OS after a free${m.lastEventTime ? ` (${formatTime(m.lastEventTime)})` : ""}`,
  },
  {
    issue: "dead", title: "Dead", help: "Free and silent for more than 5 minutes.",
    reason: (m) => (m.lastEventTime ? `no sign of life for ${formatAge(m.lastEventTime)}` : "never heard from"),
  },
  {
    issue: "unknown", title: "Unknown liveliness", help: "Allocated and silent for more than 5 minutes: the tenant's OS may be down, or just not reporting.",
    reason: (m) => (m.lastEventTime ? `allocated, silent for ${formatAge(m.lastEventTime)}` : "allocated, never heard from"),
  },
  {
    issue: "noSize", title: "No size", help: "Its hardware matches no size, so it is in no pool and cannot be allocated.",
    reason: (m) => `hardware (${hardwareLine(m.hardware)}) matches no size`,
  },
  // The machine list carries no BMC details; the reason points at the panel that has them.
  {
    issue: "bmcOutdated", title: "BMC info outdated", help: "Its BMC has not been read successfully for 20 minutes: power state and readings may be stale, and commands may fail.",
    reason: () => "no successful BMC poll for 20 min: its BMC panel shows the last poll error",
  },
  {
    issue: "bmcOutsideNetworks", title: "BMC address outside the partition's BMC networks", help: "Its BMC is not contacted (no polls, no commands) until an operator approves the address or corrects it on the machine's page.",
    reason: () => "its reported BMC address lies outside the partition's BMC networks: approve or correct it on the machine's page",
  },
  {
    issue: "cabling", title: "Not cabled to two leaves of one rack", help: "Its LLDP neighbours are not two leaves of one rack with the same (mirrored) port: it is not allocatable until the cabling is fixed and it registers again.",
    reason: () => "its cabling does not bind it to two leaves of one rack: its Uplinks panel says what its NICs see",
  },
  {
    issue: "uplinkDown", title: "Uplink down or BGP not established", help: "Installed, but a leaf reports one of its ports down or its BGP session not established: it may have lost redundancy or its routes.",
    reason: () => "a leaf port or BGP session of it is not up: its Uplinks panel shows which",
  },
  {
    issue: "bmcCommandFailed", title: "Last BMC command failed", help: "The newest power, boot or identify command failed; a later command that succeeds clears it.",
    reason: () => "its newest BMC command failed: its command history shows the error",
  },
];

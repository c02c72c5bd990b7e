import type { MachineDto } from "@/lib/contracts/machines";

/**
 * The slot for out-of-band control (power on/off/reset/cycle, boot device, identify LED, the
 * BMC command history): GET/POST /machines/{id}/power and /bmc-commands. Both machine detail
 * pages render it where it belongs; the BMC work fills it in. `area` says which page asks:
 * tenants act on their own machines, operators on any.
 */
export function MachineBmcSection(props: { machine: MachineDto; area: "portal" | "admin"; canWrite: boolean }) {
  void props;
  return null;
}

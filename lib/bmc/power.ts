/**
 * Out-of-band power control of one machine (DOMAIN §4): the interface the IPMI (ipmitool
 * lanplus) and Redfish drivers implement, and the lab's SimPowerDriver (lab/sim-power.ts).
 * Workers call it from BMC command jobs, serialised per BMC.
 *
 * Every command is idempotent in its outcome, because jobs are retried: a retried "power on"
 * must not fail, and must not reboot a machine that already came up.
 * - powerOn: the machine is on afterwards. On when already on succeeds and changes nothing.
 * - powerOff: hard off (chassis power off, not an ACPI request). Off when already off succeeds.
 * - reset: hard reset (warm, power stays on); the machine boots again from its next boot device.
 *   A machine that is off is powered on (so "free = PXE + reset" works on any machine).
 * - cycle: power off, then on again after the BMC's off interval; the machine boots again.
 *   A machine that is off is powered on.
 * - powerState: what the chassis reports now.
 * - setBootDevice: the device the machine boots from. persistent=false applies to the next boot
 *   only (the BMC then falls back to its persistent order); persistent=true changes the order
 *   for every boot. Setting the device the machine already has succeeds. "bios" enters firmware
 *   setup (a machine there runs no agent and no OS).
 *
 * Implementations resolve once the BMC has accepted the command (and, for on/off, once the
 * state is reached when the protocol can tell), and reject with an Error whose message names
 * the BMC's answer; they never throw for "already in that state".
 */
export type PowerState = "on" | "off";
export type BootDevice = "pxe" | "disk" | "bios";

export interface PowerDriver {
  powerOn(): Promise<void>;
  powerOff(): Promise<void>;
  reset(): Promise<void>;
  cycle(): Promise<void>;
  powerState(): Promise<PowerState>;
  setBootDevice(dev: BootDevice, persistent: boolean): Promise<void>;
}

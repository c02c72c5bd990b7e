/**
 * Out-of-band management of one machine through its BMC (DOMAIN §4): the interface the IPMI
 * (ipmitool lanplus, lib/bmc/ipmi) and Redfish (fetch, lib/bmc/redfish) drivers implement.
 * Workers call it from BMC command jobs, serialised per BMC, and from the BMC poller.
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
 * - setIdentify: the chassis identify LED on (until turned off) or off.
 * - readInfo: what the poller stores: power state, FRU/inventory, firmware, power draw, PSUs.
 *
 * Power actions settle (lib/bmc/settle.ts): a reading counts only once it has held for the
 * settle window (`settleMs`, default 1 s: the state read again and again for a second without
 * changing), because BMCs report the old state for seconds after a request and a reset or
 * cycle shows "off" for a moment. So:
 * - every power action first waits for the current state to settle: a powerOff in the middle
 *   of a reset waits for the reset to end (the machine is on again) and then powers off; it
 *   never returns "already off" for an off moment;
 * - it returns only when the chassis has reached and held its target (on, or off for
 *   powerOff; on after reset and cycle), or rejects with "timeout" naming the state seen after
 *   `powerDeadlineMs` (default 60 s).
 * A warm reset keeps the power on, so its progress cannot be observed: reset returns once the
 * BMC accepted it and the machine reads as on (held).
 *
 * Other calls resolve once the BMC has accepted the command, and reject with a BmcError whose
 * message names the BMC's answer; they never throw for "already in that state".
 */
export type PowerState = "on" | "off";
export type BootDevice = "pxe" | "disk" | "bios";
/** How the firmware boots the device: UEFI, or legacy BIOS (CSM). */
export type BootMode = "uefi" | "legacy";
export type Health = "OK" | "Warning" | "Critical" | "Unknown";

/**
 * A reset or cycle cannot be sent twice without harm (a second one interrupts the boot the first
 * started). `beforeSend` runs right before the request that makes the BMC act (after the state
 * checks): the executor records there, ownership-checked, that the BMC may have acted, and
 * throws when the command is no longer its own — then nothing is sent. An error before it means
 * the BMC was never asked.
 */
export type RestartHooks = { beforeSend?: () => Promise<void> };

export interface PowerDriver {
  powerOn(): Promise<void>;
  powerOff(): Promise<void>;
  reset(hooks?: RestartHooks): Promise<void>;
  cycle(hooks?: RestartHooks): Promise<void>;
  powerState(): Promise<PowerState>;
  setBootDevice(dev: BootDevice, persistent: boolean): Promise<void>;
}

export type PowerSupplyInfo = { name: string; health: Health; state: string };

export type BmcInfo = {
  powerState: PowerState;
  manufacturer: string;
  model: string;
  serial: string;
  /** The BMC's own firmware (IPMI: mc info; Redfish: Manager.FirmwareVersion). */
  firmwareVersion: string;
  /** System firmware (BIOS/UEFI) when the BMC tells it, else "". */
  biosVersion: string;
  /** Current power draw in watts, null when the BMC does not report it. */
  powerWatts: number | null;
  powerSupplies: PowerSupplyInfo[];
  /** Identify LED, null when the BMC cannot tell. */
  identifyOn: boolean | null;
  /** Redfish: the ids of the BMC's computer systems (for choosing one); absent for IPMI. */
  systems?: string[];
};

export interface BmcDriver extends PowerDriver {
  setIdentify(on: boolean): Promise<void>;
  readInfo(): Promise<BmcInfo>;
}

/** How to reach one BMC. The password is plaintext here: decrypted just before use, never logged. */
export type BmcConnection = {
  protocol: "ipmi" | "redfish";
  /**
   * IPMI: "host" or "host:port" (UDP, default 623). Redfish: "host", "host:port" (https) or a
   * full "http(s)://host:port" URL (the lab emulator may speak plain HTTP).
   */
  address: string;
  user: string;
  password: string;
  /** Redfish: skip TLS certificate verification. Off unless an operator set it for this BMC. */
  insecureTls?: boolean;
  /**
   * Redfish: the computer system to manage (the last segment of its path, e.g. "1" or
   * "System.Embedded.1") on a BMC with several; the address may name it instead
   * (".../redfish/v1/Systems/<id>"). Without either, the BMC's only system.
   */
  systemId?: string;
  /** How boot-device overrides ask the firmware to boot (IPMI: the EFI flag; Redfish: BootSourceOverrideMode); default "uefi". */
  bootMode?: BootMode;
  /** IPMI lanplus cipher suite (default 3) and privilege level (default ADMINISTRATOR). */
  ipmiCipherSuite?: number;
  ipmiPrivilege?: "CALLBACK" | "USER" | "OPERATOR" | "ADMINISTRATOR";
  /** Per BMC call (one ipmitool run, one HTTP request); default 15 s. */
  timeoutMs?: number;
  /** How long a power state must hold before it counts (lib/bmc/settle.ts); default 1000 ms. */
  settleMs?: number;
  /** A power action's whole wait for its state (settling included); default 60 s. */
  powerDeadlineMs?: number;
};

/**
 * Why a BMC call failed; the command job decides from `kind` whether to retry:
 * - unreachable, timeout, busy: transient (network, BMC rebooting, out of sessions) → retry with backoff;
 * - auth: wrong user/password/privilege → fail at once with "authentication failed", never retried;
 * - malformed: the BMC answered something we cannot parse → fail, the message names what was wrong;
 * - unsupported: the BMC does not offer the operation (e.g. no allowed reset type) → fail;
 * - rejected: the BMC refused the request (HTTP 4xx, IPMI completion code) → fail;
 * - config: the connection's settings cannot work with this BMC (an IPMI cipher suite it does
 *   not offer, http:// to an HTTPS-only port or the reverse, an untrusted certificate, several
 *   systems and none named) → fail, never retried; the message says what to change.
 */
export type BmcErrorKind = "unreachable" | "timeout" | "busy" | "auth" | "malformed" | "unsupported" | "rejected" | "config";

export class BmcError extends Error {
  constructor(
    readonly kind: BmcErrorKind,
    message: string,
    /** A "config" error about the system to manage: the BMC's systems to choose from. */
    readonly systems?: string[],
  ) {
    super(message);
    this.name = "BmcError";
  }

  get retryable(): boolean {
    return this.kind === "unreachable" || this.kind === "timeout" || this.kind === "busy";
  }
}

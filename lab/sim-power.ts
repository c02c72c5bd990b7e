import type { BootDevice, BootMode, PowerDriver, PowerState } from "@/lib/bmc/driver";

/**
 * A lab machine's power switch and boot order, behind the same PowerDriver interface as the
 * IPMI and Redfish drivers. "On" means the machine runs: `boot(device, signal)` is started and
 * keeps running until power off aborts its signal. The device is the one-time boot device if
 * one was set (then consumed, as a BMC does), else the persistent one; "bios" idles in firmware
 * setup. Commands run one at a time, like a BMC's single session.
 *
 * It is the lab's chassis: the lab BMCs (the Redfish emulator and ipmi_sim's chassis_control)
 * translate their protocol's requests into these calls, and read the boot settings and the
 * identify LED back through `bootSettings` and `identifyOn`.
 */
export type BootFn = (device: "pxe" | "disk", signal: AbortSignal) => Promise<void>;

export class SimPowerDriver implements PowerDriver {
  private running: { controller: AbortController; done: Promise<void>; device: BootDevice } | null = null;
  private persistentDevice: BootDevice = "pxe";
  private nextDevice: BootDevice | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private identify = false;
  private mode: BootMode = "uefi";
  /** How many times the machine was powered on (a boot count, for tests and logs). */
  boots = 0;

  constructor(
    private readonly boot: BootFn,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  private serial<T>(command: () => Promise<T> | T): Promise<T> {
    const result = this.queue.then(command);
    this.queue = result.catch(() => {});
    return result;
  }

  private on(): void {
    if (this.running) return;
    const device = this.nextDevice ?? this.persistentDevice;
    this.nextDevice = null;
    const controller = new AbortController();
    const done = device === "bios"
      ? new Promise<void>((resolve) => controller.signal.addEventListener("abort", () => resolve(), { once: true }))
      : this.boot(device, controller.signal).catch(this.onError);
    this.boots += 1;
    this.running = { controller, done, device };
  }

  private async off(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    running.controller.abort();
    await running.done;
  }

  powerOn(): Promise<void> {
    return this.serial(() => this.on());
  }

  powerOff(): Promise<void> {
    return this.serial(() => this.off());
  }

  /** Hard reset; an off machine is powered on. */
  reset(): Promise<void> {
    return this.serial(async () => {
      await this.off();
      this.on();
    });
  }

  /** Off, then on; an off machine is powered on. */
  cycle(): Promise<void> {
    return this.reset();
  }

  powerState(): Promise<PowerState> {
    return this.serial(() => (this.running ? "on" : "off"));
  }

  setBootDevice(dev: BootDevice, persistent: boolean): Promise<void> {
    return this.serial(() => {
      if (persistent) {
        this.persistentDevice = dev;
        this.nextDevice = null;
      } else {
        this.nextDevice = dev;
      }
    });
  }

  setIdentify(on: boolean): Promise<void> {
    return this.serial(() => {
      this.identify = on;
    });
  }

  get identifyOn(): boolean {
    return this.identify;
  }

  /**
   * The firmware's boot mode: the lab's machines are UEFI until a BMC asks for legacy BIOS
   * (an IPMI boot flag without the EFI bit, a Redfish BootSourceOverrideMode "Legacy"); the
   * last mode asked for is kept, so tests can check what the drivers sent.
   */
  get bootMode(): BootMode {
    return this.mode;
  }

  setBootMode(mode: BootMode): Promise<void> {
    return this.serial(() => {
      this.mode = mode;
    });
  }

  /** The boot order as a BMC reports it: the pending one-time device (null if none) and the persistent one. */
  get bootSettings(): { next: BootDevice | null; persistent: BootDevice } {
    return { next: this.nextDevice, persistent: this.persistentDevice };
  }

  /** What the running machine booted from (null when off). */
  get bootedFrom(): BootDevice | null {
    return this.running?.device ?? null;
  }
}

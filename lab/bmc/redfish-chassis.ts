import type { SimPowerDriver } from "../sim-power";
import { DelayedPower, NO_DELAY, type PowerDelay, type PowerRequest } from "./power-delay";
import { bootModes, bootTargetOf, bootTargets, deviceOfTarget, overrideModes, type SystemView } from "./redfish-resources";

/**
 * Translates Redfish writes into the lab chassis (SimPowerDriver) and reads it back as a
 * Redfish system view. While a power command runs, PowerState shows PoweringOn/PoweringOff,
 * as real BMCs do between the request and the new state.
 */
export const defaultResetTypes = ["On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart", "PowerCycle", "PushPowerButton"];

export type PatchProblem = { status: number; messageId: string; message: string };

const notInList = (value: unknown, property: string): PatchProblem => ({
  status: 400, messageId: "PropertyValueNotInList",
  message: `The value '${String(value)}' for the property ${property} is not in the list of acceptable values.`,
});

export class RedfishChassis {
  private running = 0;
  private transition: "PoweringOn" | "PoweringOff" = "PoweringOn";
  private readonly power: DelayedPower;

  /** With a delay, requests are answered at once and the old state is reported until they land (power-delay.ts). */
  constructor(private readonly sim: SimPowerDriver, delay: PowerDelay = NO_DELAY) {
    this.power = new DelayedPower(sim, delay);
  }

  /** Resolves once every power request so far has landed. */
  powerIdle(): Promise<void> {
    return this.power.idle();
  }

  view(): SystemView {
    const on = this.sim.bootedFrom !== null;
    const { next, persistent } = this.sim.bootSettings;
    const mode = this.sim.bootMode === "uefi" ? "UEFI" : "Legacy";
    return {
      powerState: this.running > 0 ? this.transition : on ? "On" : "Off",
      boot: next ? { target: bootTargetOf[next], enabled: "Once", mode } : { target: bootTargetOf[persistent], enabled: "Continuous", mode },
      identify: this.sim.identifyOn,
    };
  }

  get isOn(): boolean {
    return this.sim.bootedFrom !== null;
  }

  /**
   * Runs a ResetType the BMC allows; resolves when the chassis reached the new state. Without
   * a delay PowerState shows PoweringOn/PoweringOff meanwhile; with one, the request is only
   * queued (`accepted` resolves at once) and the old state stays visible until it lands.
   */
  reset(type: string): { accepted: Promise<void>; done: Promise<void> } {
    const requests: Record<string, PowerRequest> = {
      On: "on", ForceOn: "on", ForceOff: "off",
      // The lab's OS has no ACPI: a graceful request acts like the forced one.
      GracefulShutdown: "off", GracefulRestart: "reset", ForceRestart: "reset", PowerCycle: "cycle", PushPowerButton: "toggle",
    };
    const request = requests[type];
    if (!request) throw new Error(`no chassis command for ResetType ${type}`);
    const done = this.power.request(request);
    if (this.power.delayed) return { accepted: Promise.resolve(), done };
    this.transition = request === "off" || (request === "toggle" && this.isOn) ? "PoweringOff" : "PoweringOn";
    this.running += 1;
    const tracked = done.finally(() => {
      this.running -= 1;
    });
    return { accepted: tracked, done: tracked };
  }

  /** Applies a ComputerSystem PATCH body; a problem answer if any property is unknown or invalid (nothing applied then). */
  async patch(body: unknown): Promise<PatchProblem | null> {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return { status: 400, messageId: "MalformedJSON", message: "The request body must be a JSON object." };
    }
    const changes: (() => Promise<void>)[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (key === "Boot") {
        const boot = this.bootChange(value);
        if ("status" in boot) return boot;
        changes.push(boot.apply);
      } else if (key === "LocationIndicatorActive") {
        if (typeof value !== "boolean") return { status: 400, messageId: "PropertyValueTypeError", message: `The value '${String(value)}' for the property LocationIndicatorActive is not a boolean.` };
        changes.push(() => this.sim.setIdentify(value));
      } else if (key === "IndicatorLED") {
        if (value !== "Lit" && value !== "Off" && value !== "Blinking") return notInList(value, "IndicatorLED");
        changes.push(() => this.sim.setIdentify(value !== "Off"));
      } else if (key === "PowerState" || key === "Id" || key === "SerialNumber") {
        return { status: 400, messageId: "PropertyNotWritable", message: `The property ${key} is a read only property and cannot be assigned a value.` };
      } else {
        return { status: 400, messageId: "PropertyUnknown", message: `The property ${key} is not in the list of valid properties for the resource.` };
      }
    }
    for (const change of changes) await change();
    return null;
  }

  private bootChange(value: unknown): PatchProblem | { apply: () => Promise<void> } {
    const boot = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    const unknown = Object.keys(boot).find((k) => k !== "BootSourceOverrideTarget" && k !== "BootSourceOverrideEnabled" && k !== "BootSourceOverrideMode");
    if (unknown) return { status: 400, messageId: "PropertyUnknown", message: `The property Boot/${unknown} is not in the list of valid properties for the resource.` };
    const current = this.view().boot;
    const target = boot.BootSourceOverrideTarget ?? current.target;
    const enabled = boot.BootSourceOverrideEnabled ?? current.enabled;
    if (!bootTargets.includes(String(target))) return notInList(target, "BootSourceOverrideTarget");
    if (!bootModes.includes(String(enabled))) return notInList(enabled, "BootSourceOverrideEnabled");
    const mode = boot.BootSourceOverrideMode;
    if (mode !== undefined && !overrideModes.includes(String(mode))) return notInList(mode, "BootSourceOverrideMode");
    const device = deviceOfTarget[String(target)];
    return {
      apply: async () => {
        // The lab machine records the boot mode it was asked for (UEFI until asked otherwise).
        if (mode !== undefined) await this.sim.setBootMode(mode === "UEFI" ? "uefi" : "legacy");
        // "Disabled" or target "None" drop a pending one-time override; the persistent order stays.
        if (!device || enabled === "Disabled") await this.sim.setBootDevice(this.sim.bootSettings.persistent, true);
        else await this.sim.setBootDevice(device, enabled === "Continuous");
      },
    };
  }
}

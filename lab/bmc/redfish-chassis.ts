import type { SimPowerDriver } from "../sim-power";
import { bootModes, bootTargetOf, bootTargets, deviceOfTarget, type SystemView } from "./redfish-resources";

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

  constructor(private readonly sim: SimPowerDriver) {}

  view(): SystemView {
    const on = this.sim.bootedFrom !== null;
    const { next, persistent } = this.sim.bootSettings;
    return {
      powerState: this.running > 0 ? this.transition : on ? "On" : "Off",
      boot: next ? { target: bootTargetOf[next], enabled: "Once" } : { target: bootTargetOf[persistent], enabled: "Continuous" },
      identify: this.sim.identifyOn,
    };
  }

  get isOn(): boolean {
    return this.sim.bootedFrom !== null;
  }

  /** Runs a ResetType the BMC allows; resolves when the chassis reached the new state. */
  async reset(type: string): Promise<void> {
    const sim = this.sim;
    const commands: Record<string, () => Promise<void>> = {
      On: () => sim.powerOn(),
      ForceOn: () => sim.powerOn(),
      ForceOff: () => sim.powerOff(),
      // The lab's OS has no ACPI: a graceful request acts like the forced one.
      GracefulShutdown: () => sim.powerOff(),
      GracefulRestart: () => sim.reset(),
      ForceRestart: () => sim.reset(),
      PowerCycle: () => sim.cycle(),
      PushPowerButton: () => (this.isOn ? sim.powerOff() : sim.powerOn()),
    };
    const command = commands[type];
    if (!command) throw new Error(`no chassis command for ResetType ${type}`);
    this.transition = type === "ForceOff" || type === "GracefulShutdown" || (type === "PushPowerButton" && this.isOn) ? "PoweringOff" : "PoweringOn";
    this.running += 1;
    try {
      await command();
    } finally {
      this.running -= 1;
    }
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
    const device = deviceOfTarget[String(target)];
    // "Disabled" or target "None" drop a pending one-time override; the persistent order stays.
    if (!device || enabled === "Disabled") return { apply: () => this.sim.setBootDevice(this.sim.bootSettings.persistent, true) };
    return { apply: () => this.sim.setBootDevice(device, enabled === "Continuous") };
  }
}

import type { RedfishPowerState } from "./schemas";

/**
 * Which ComputerSystem.Reset requests carry out a power command (driver.ts semantics) given
 * the system's power state and the ResetType values the BMC allows. Each step is one POST;
 * its `settle` is the PowerState to wait for after it. With nothing to send (already in the
 * state), the plan's `settle` is the state to wait for (a machine powering on counts as on).
 * null means the BMC offers no suitable reset type ("unsupported").
 */
export type PowerOp = "on" | "off" | "reset" | "cycle";
export type ResetStep = { resetType: string; settle: "On" | "Off" | null };
export type PowerPlan = { steps: ResetStep[]; settle: "On" | "Off" | null };

const first = (allowed: readonly string[], ...types: string[]) => types.find((t) => allowed.includes(t)) ?? null;

function powerOnPlan(state: RedfishPowerState, allowed: readonly string[]): PowerPlan | null {
  // Already on, or on its way: nothing to send, only wait for it (idempotent "on").
  if (state === "On" || state === "PoweringOn" || state === "Paused") return { steps: [], settle: "On" };
  const on = first(allowed, "On", "ForceOn");
  return on ? { steps: [{ resetType: on, settle: "On" }], settle: null } : null;
}

/** ForceOff then On, for BMCs without a restart or power-cycle reset type. */
function offThenOn(allowed: readonly string[]): PowerPlan | null {
  const on = first(allowed, "On", "ForceOn");
  if (!allowed.includes("ForceOff") || !on) return null;
  return { steps: [{ resetType: "ForceOff", settle: "Off" }, { resetType: on, settle: null }], settle: null };
}

export function planPower(op: PowerOp, state: RedfishPowerState, allowed: readonly string[]): PowerPlan | null {
  const isOff = state === "Off" || state === "PoweringOff";
  if (op === "on") return powerOnPlan(state, allowed);
  if (op === "off") {
    if (isOff) return { steps: [], settle: "Off" };
    return allowed.includes("ForceOff") ? { steps: [{ resetType: "ForceOff", settle: "Off" }], settle: null } : null;
  }
  // reset and cycle of a machine that is off power it on (driver.ts: "free = PXE + reset").
  if (isOff) return powerOnPlan(state, allowed);
  const single = op === "reset"
    ? first(allowed, "ForceRestart", "GracefulRestart", "PowerCycle")
    : first(allowed, "PowerCycle");
  return single ? { steps: [{ resetType: single, settle: null }], settle: null } : offThenOn(allowed);
}

/**
 * DSP0268: without an AllowableValues annotation or ActionInfo, every value of the ResetType
 * enumeration may be used.
 */
export const allResetTypes: readonly string[] = [
  "On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart", "Nmi", "ForceOn", "PushPowerButton",
  "PowerCycle", "Suspend", "Pause", "Resume",
];

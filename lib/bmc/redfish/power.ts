import { z } from "zod";
import { BmcError, type PowerState, type RestartHooks } from "../driver";
import { PowerWaiter, type Reading, type SettleOptions } from "../settle";
import type { RedfishClient } from "./client";
import { allowedFromActionInfo } from "./parse";
import { allResetTypes, type PowerOp, planPower } from "./reset-plan";
import { type RedfishPowerState, systemSchema } from "./schemas";

/**
 * Power commands through ComputerSystem.Reset, with a ResetType the BMC allows
 * (reset-plan.ts decides which), from the settled power state; the command resolves once the
 * target state has held (driver.ts, lib/bmc/settle.ts).
 */

/** ResetType values from the action's annotation, else its ActionInfo, else (DSP0268) all of them; cached per action. */
async function allowedResetTypes(
  client: RedfishClient,
  action: { target: string; "ResetType@Redfish.AllowableValues"?: string[]; "@Redfish.ActionInfo"?: string },
  cache: Map<string, string[]>,
): Promise<string[]> {
  const inline = action["ResetType@Redfish.AllowableValues"];
  if (inline) return inline;
  const infoPath = action["@Redfish.ActionInfo"];
  if (!infoPath) return [...allResetTypes];
  const cached = cache.get(infoPath);
  if (cached) return cached;
  const info = await client.get(infoPath, z.unknown());
  const allowed = allowedFromActionInfo(info.data, info.url) ?? [...allResetTypes];
  cache.set(infoPath, allowed);
  return allowed;
}

/** The reading the settle logic works on: On/Off as on/off, transitions as they are. */
function reading(state: RedfishPowerState): Reading {
  if (state === "On" || state === "Paused") return "on";
  if (state === "Off") return "off";
  return state;
}

const stateOf: Record<"On" | "Off", PowerState> = { On: "on", Off: "off" };

export async function runPowerOp(client: RedfishClient, systemUrl: string, op: PowerOp, cache: Map<string, string[]>, settle: SettleOptions, hooks: RestartHooks = {}): Promise<void> {
  const read = async () => reading((await client.get(systemUrl, systemSchema)).data.PowerState);
  const waiter = new PowerWaiter(read, settle, `power ${op} of ${systemUrl}`);
  const system = await client.get(systemUrl, systemSchema);
  const action = system.data.Actions?.["#ComputerSystem.Reset"];
  if (!action) throw new BmcError("unsupported", `power ${op}: ${systemUrl} offers no ComputerSystem.Reset action`);
  const allowed = await allowedResetTypes(client, action, cache);
  // The plan starts from the settled state: an "Off" in the middle of a reset is not "off".
  const state = await waiter.stable();
  const plan = planPower(op, state === "on" ? "On" : "Off", allowed);
  if (!plan) throw new BmcError("unsupported", `power ${op}: no suitable ResetType among those ${systemUrl} allows (${allowed.join(", ") || "none"})`);
  let first = true;
  for (const step of plan.steps) {
    // The first request makes the BMC act; from here on it may have (driver.ts, RestartHooks).
    if (first) await hooks.beforeSend?.();
    first = false;
    await client.post(action.target, { ResetType: step.resetType });
    if (step.settle) await waiter.reach(stateOf[step.settle]);
  }
  await waiter.reach(op === "off" ? "off" : "on");
}

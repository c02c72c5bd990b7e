import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { BmcError } from "../driver";
import type { RedfishClient } from "./client";
import { allowedFromActionInfo } from "./parse";
import { allResetTypes, type PowerOp, planPower } from "./reset-plan";
import { type RedfishPowerState, systemSchema } from "./schemas";

/**
 * Power commands through ComputerSystem.Reset, with a ResetType the BMC allows
 * (reset-plan.ts decides which). After On/ForceOff the command resolves once PowerState shows
 * the new state, as driver.ts asks when the protocol can tell.
 */
const settleDeadlineMs = 60_000;

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

async function waitForPowerState(client: RedfishClient, systemUrl: string, target: "On" | "Off"): Promise<void> {
  const deadline = Date.now() + settleDeadlineMs;
  let state: RedfishPowerState = (await client.get(systemUrl, systemSchema)).data.PowerState;
  for (let delayMs = 100; state !== target; delayMs = Math.min(delayMs * 2, 1_000)) {
    if (Date.now() > deadline) throw new BmcError("timeout", `power state of ${systemUrl} is still ${state}, not ${target}, after ${settleDeadlineMs / 1000} s`);
    await sleep(delayMs);
    state = (await client.get(systemUrl, systemSchema)).data.PowerState;
  }
}

export async function runPowerOp(client: RedfishClient, systemUrl: string, op: PowerOp, cache: Map<string, string[]>): Promise<void> {
  const system = await client.get(systemUrl, systemSchema);
  const action = system.data.Actions?.["#ComputerSystem.Reset"];
  if (!action) throw new BmcError("unsupported", `power ${op}: ${systemUrl} offers no ComputerSystem.Reset action`);
  const allowed = await allowedResetTypes(client, action, cache);
  const plan = planPower(op, system.data.PowerState, allowed);
  if (!plan) throw new BmcError("unsupported", `power ${op}: no suitable ResetType among those ${systemUrl} allows (${allowed.join(", ") || "none"})`);
  for (const step of plan.steps) {
    await client.post(action.target, { ResetType: step.resetType });
    if (step.settle) await waitForPowerState(client, systemUrl, step.settle);
  }
  if (plan.steps.length === 0 && plan.settle && system.data.PowerState !== plan.settle) await waitForPowerState(client, systemUrl, plan.settle);
}

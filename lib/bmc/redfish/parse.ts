import type { z } from "zod";
import { type BootDevice, BmcError, type Health, type PowerState, type PowerSupplyInfo } from "../driver";
import {
  actionInfoSchema, collectionSchema, errorBodySchema, type RedfishPowerState, type RedfishPowerSupply, taskSchema,
} from "./schemas";

/** Pure translation between Redfish JSON and the driver's types; no I/O here. */

/** Parses a resource; a mismatch is "malformed", naming the URL and the first offending field. */
export function parseResource<T>(schema: z.ZodType<T>, json: unknown, url: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "(document)";
  throw new BmcError("malformed", `malformed Redfish resource ${url}: ${field}: ${issue.message}`);
}

/** The first member of a collection (Systems, Managers, Chassis; a server's BMC has one each), null if empty. */
export function firstMember(json: unknown, url: string): string | null {
  return parseResource(collectionSchema, json, url).Members[0]?.["@odata.id"] ?? null;
}

/** A machine powering off still runs; one powering on does not yet. */
export function toPowerState(state: RedfishPowerState): PowerState {
  return state === "On" || state === "PoweringOff" || state === "Paused" ? "on" : "off";
}

export function toHealth(health: string | null | undefined): Health {
  return health === "OK" || health === "Warning" || health === "Critical" ? health : "Unknown";
}

export function toPowerSupplyInfo(ps: RedfishPowerSupply, index: number): PowerSupplyInfo {
  return {
    name: ps.Name ?? ps.Id ?? ps.MemberId ?? `Power Supply ${index + 1}`,
    health: toHealth(ps.Status?.Health),
    state: ps.Status?.State ?? "Unknown",
  };
}

type Indicator = { IndicatorLED?: string | null; LocationIndicatorActive?: boolean | null };

/** LocationIndicatorActive (Redfish 2020.3+) wins over the deprecated IndicatorLED. */
export function identifyState(doc: Indicator): boolean | null {
  if (typeof doc.LocationIndicatorActive === "boolean") return doc.LocationIndicatorActive;
  if (doc.IndicatorLED === "Lit" || doc.IndicatorLED === "Blinking") return true;
  if (doc.IndicatorLED === "Off") return false;
  return null;
}

/** The PATCH body that switches this resource's identify LED, null if it has none. */
export function identifyPatch(doc: Indicator, on: boolean): Record<string, unknown> | null {
  if (typeof doc.LocationIndicatorActive === "boolean") return { LocationIndicatorActive: on };
  if (typeof doc.IndicatorLED === "string") return { IndicatorLED: on ? "Lit" : "Off" };
  return null;
}

export const bootTargets: Record<BootDevice, string> = { pxe: "Pxe", disk: "Hdd", bios: "BiosSetup" };

/** ResetType values an ActionInfo resource allows; null when it does not say. */
export function allowedFromActionInfo(json: unknown, url: string): string[] | null {
  const info = parseResource(actionInfoSchema, json, url);
  return info.Parameters?.find((p) => p.Name === "ResetType")?.AllowableValues ?? null;
}

/** The message of an error body (first extended info message, else error.message). */
export function errorMessage(json: unknown): string | null {
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return null;
  const extended = parsed.data.error["@Message.ExtendedInfo"]?.find((m) => m.Message)?.Message;
  return extended ?? parsed.data.error.message ?? null;
}

const runningTaskStates = new Set(["New", "Starting", "Running", "Pending", "Stopping", "Suspended", "Service", "Interrupted"]);
const failedTaskStates = new Set(["Exception", "Killed", "Cancelled", "Cancelling"]);

export type TaskOutcome = { state: "running" } | { state: "done" } | { state: "failed"; message: string };

/** A task monitor's 200 answer: a Task resource (still running or finished) or the operation's own result. */
export function taskOutcome(json: unknown): TaskOutcome {
  const task = taskSchema.safeParse(json);
  const state = task.success ? task.data.TaskState : undefined;
  if (state && runningTaskStates.has(state)) return { state: "running" };
  if (state && failedTaskStates.has(state)) {
    const message = task.success ? task.data.Messages?.find((m) => m.Message)?.Message : undefined;
    return { state: "failed", message: `task ${state}${message ? `: ${message}` : ""}` };
  }
  return { state: "done" };
}

import { emptyContainer, type ProvisioningContainer } from "./container";
import type { ProvisioningEventType } from "./events";
import { applyEvent } from "./fsm";

export const T0 = new Date("2026-01-01T00:00:00Z").getTime();
export const MIN = 60_000;
export const at = (ms: number) => new Date(T0 + ms);

/** Feed events in order; each is [event, ms after T0, message?]. */
export function run(steps: [ProvisioningEventType, number, string?][], start = emptyContainer()): ProvisioningContainer {
  return steps.reduce((c, [event, ms, message]) => applyEvent(c, { event, time: at(ms), message }).container, start);
}

/** A healthy run from first PXE boot to the installed OS phoning home, 10 s per step. */
export const PROVISIONED: [ProvisioningEventType, number][] = [
  ["PXE Booting", 0],
  ["Preparing", 10_000],
  ["Registering", 20_000],
  ["Waiting", 30_000],
  ["Installing", 40_000],
  ["Booting New Kernel", 50_000],
  ["Phoned Home", 60_000],
];

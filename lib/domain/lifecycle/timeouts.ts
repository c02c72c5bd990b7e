import { z } from "zod";
import { stateSince, type ProvisioningContainer } from "./container";
import { formatDuration } from "./duration";
import type { LifecycleState } from "./events";

/**
 * States the machine must leave by itself. Waiting and Phoned Home are stable (a machine may
 * wait or run for months; liveliness watches them); Initial means nothing was heard yet, which
 * liveliness covers as well. Crashed is transitional too: the agent reboots 5 s after sending
 * it, so a machine still "Crashed" minutes later did not come back.
 */
export const TRANSITIONAL_STATES = [
  "PXE Booting",
  "Preparing",
  "Registering",
  "Installing",
  "Booting New Kernel",
  "Planned Reboot",
  "Machine Reclaim",
  "Crashed",
] as const;
export type TransitionalState = (typeof TRANSITIONAL_STATES)[number];

export type TimeoutConfig = Record<TransitionalState, number>;

const MIN = 60_000;

/**
 * Defaults, each a generous multiple of what the step takes on healthy hardware, because a
 * false "failed" on a slow but working machine costs an operator more than a few minutes'
 * delay in noticing a stuck one:
 * - PXE Booting 10 min: DHCP/TFTP retries plus kernel and initrd download; also ends PXE loops,
 *   whose repeats do not restart the clock.
 * - Preparing 10 min: hardware inventory, including in-band IPMI, is slow on large machines.
 * - Registering 5 min: one API call, with the agent's retries.
 * - Installing 15 min: image download, checksum and write, plus the filesystem layout.
 * - Booting New Kernel 5 min: kexec and the OS's first phone-home, normally within a minute.
 * - Planned Reboot 10 min, Crashed 10 min: a full server POST alone can take 5 min.
 * - Machine Reclaim 15 min: power reset, POST and PXE; the failed-reclaim rule catches the
 *   machine that boots its old OS after 5 min, this catches the one that stays silent.
 */
export const DEFAULT_TIMEOUTS: TimeoutConfig = {
  "PXE Booting": 10 * MIN,
  Preparing: 10 * MIN,
  Registering: 5 * MIN,
  Installing: 15 * MIN,
  "Booting New Kernel": 5 * MIN,
  "Planned Reboot": 10 * MIN,
  "Machine Reclaim": 15 * MIN,
  Crashed: 10 * MIN,
};

const timeoutMs = z.number().int().positive();

/** Operator overrides (env or settings), merged over the defaults; milliseconds. */
export const timeoutConfigInput = z
  .object({
    "PXE Booting": timeoutMs,
    Preparing: timeoutMs,
    Registering: timeoutMs,
    Installing: timeoutMs,
    "Booting New Kernel": timeoutMs,
    "Planned Reboot": timeoutMs,
    "Machine Reclaim": timeoutMs,
    Crashed: timeoutMs,
  } satisfies Record<TransitionalState, typeof timeoutMs>)
  .partial()
  .strict()
  .transform((overrides): TimeoutConfig => ({ ...DEFAULT_TIMEOUTS, ...overrides }));

export function isTransitional(state: LifecycleState): state is TransitionalState {
  return (TRANSITIONAL_STATES as readonly string[]).includes(state);
}

export type TimeoutVerdict = { state: TransitionalState; since: Date; limitMs: number; reason: string };

/**
 * Has the machine overstayed its current state? Measured from when it entered the state
 * (the newest stored event), not from the last sign of life: an agent that heartbeats while
 * stuck in Installing is still stuck. Exactly the limit is not yet a timeout ("more than").
 */
export function timedOut(
  container: ProvisioningContainer,
  now: Date,
  config: TimeoutConfig = DEFAULT_TIMEOUTS,
): TimeoutVerdict | null {
  const state = container.state;
  const since = stateSince(container);
  if (!isTransitional(state) || !since) return null;
  const limitMs = config[state];
  if (now.getTime() - since.getTime() <= limitMs) return null;
  return { state, since, limitMs, reason: `${state} for more than ${formatDuration(limitMs)}` };
}

/**
 * Put the verdict on the container as its visible failed condition. Idempotent (a sweep runs
 * every minute): an existing failure is kept, and the same object is returned so the caller can
 * skip the write. `since` is when the limit passed, so a late sweep reports the true moment.
 * The next stored event clears it (applyEvent); so do free and reinstall, which store one.
 */
export function markTimedOut(container: ProvisioningContainer, verdict: TimeoutVerdict): ProvisioningContainer {
  if (container.failed) return container;
  return { ...container, failed: { reason: verdict.reason, since: new Date(verdict.since.getTime() + verdict.limitMs) } };
}

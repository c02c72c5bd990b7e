import { setTimeout as sleep } from "node:timers/promises";
import { BmcError, type PowerState } from "./driver";

/**
 * "Off means off" (driver.ts): a BMC's power state is a reading, not a fact. Between a request
 * and its effect (1–11 s on some BMCs) the old state is reported; in the middle of a reset or
 * cycle the chassis is off for a moment. So a state counts only once it has *held*: read again
 * and again for `settleMs` without changing. Protocol-neutral: the drivers pass a `read` that
 * returns their reading (transitional Redfish states such as PoweringOn as the string they are).
 */
export type SettleOptions = {
  /** How long a reading must hold before it counts (default 1000 ms; 0 = the first reading counts). */
  settleMs: number;
  /** The whole wait, from the first reading; past it the call fails with "timeout" naming the state seen. */
  deadlineMs: number;
  /** Between readings (default 250 ms, never more than a quarter of the settle window). */
  pollMs?: number;
};

export const DEFAULT_SETTLE_MS = 1_000;
export const DEFAULT_POWER_DEADLINE_MS = 60_000;

export type Reading = PowerState | (string & {});

const isStable = (r: Reading): r is PowerState => r === "on" || r === "off";

export class PowerWaiter {
  private readonly deadline: number;
  private readonly pollMs: number;

  constructor(
    private readonly read: () => Promise<Reading>,
    private readonly o: SettleOptions,
    /** For messages: "power off of https://bmc/redfish/v1/Systems/1". */
    private readonly what: string,
  ) {
    this.deadline = Date.now() + o.deadlineMs;
    this.pollMs = Math.max(10, Math.min(o.pollMs ?? 250, o.settleMs > 0 ? o.settleMs / 4 : (o.pollMs ?? 250)));
  }

  /** The state once it has held for the settle window (a transition in progress is waited out). */
  async stable(target: PowerState | null = null): Promise<PowerState> {
    let last = await this.read();
    let since = Date.now();
    for (;;) {
      if (isStable(last) && Date.now() - since >= this.o.settleMs) return last;
      this.checkDeadline(last, isStable(last) ? target : null);
      await sleep(this.pollMs);
      const next = await this.read();
      if (next !== last) {
        last = next;
        since = Date.now();
      }
    }
  }

  /** Resolves once the chassis is in `target` and has held it; "timeout" naming the last state otherwise. */
  async reach(target: PowerState): Promise<void> {
    for (;;) {
      const state = await this.stable(target);
      if (state === target) return;
      this.checkDeadline(state, target);
      await sleep(this.pollMs);
    }
  }

  private checkDeadline(seen: Reading, target: PowerState | null): void {
    if (Date.now() < this.deadline) return;
    const wanted = target && seen !== target ? `, not ${target},` : " (it did not settle)";
    throw new BmcError("timeout", `${this.what}: the chassis is still ${seen}${wanted} after ${Number((this.o.deadlineMs / 1000).toFixed(1))} s`);
  }
}

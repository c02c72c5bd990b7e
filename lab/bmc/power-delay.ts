import { setTimeout as sleep } from "node:timers/promises";
import type { SimPowerDriver } from "../sim-power";

/**
 * Real BMCs acknowledge a power request at once and change the chassis seconds later (1–11 s
 * were measured on a Redfish emulator nobody here wrote); meanwhile they report the old state,
 * and a reset or cycle shows "off" for a moment. The lab BMCs put this in front of a machine's
 * SimPowerDriver so that the drivers' settle logic is exercised on every run. Delay 0 is the
 * fast path the rest of the suite uses: the change is made before the request is answered.
 */
export type PowerDelay = { minMs: number; maxMs: number };
export type PowerRequest = "on" | "off" | "reset" | "cycle" | "toggle";

export const NO_DELAY: PowerDelay = { minMs: 0, maxMs: 0 };

/** "0", "2000" or "1000-3000" (ms) → a delay range; throws on anything else. */
export function parsePowerDelay(text: string): PowerDelay {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) throw new Error(`power delay "${text}": expected milliseconds ("2000") or a range ("1000-3000")`);
  const minMs = Number(match[1]);
  const maxMs = match[2] === undefined ? minMs : Number(match[2]);
  if (maxMs < minMs) throw new Error(`power delay "${text}": the range's end is below its start`);
  return { minMs, maxMs };
}

export class DelayedPower {
  private chain: Promise<void> = Promise.resolve();
  private pendingCount = 0;

  constructor(
    private readonly sim: SimPowerDriver,
    private readonly delay: PowerDelay = NO_DELAY,
    /** How long a delayed reset or cycle leaves the chassis off (shorter than a settle window). */
    private readonly offWindowMs = 300,
  ) {}

  get delayed(): boolean {
    return this.delay.maxMs > 0;
  }

  /** Resolves once every request made so far has been applied. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Requests not yet applied. */
  get pending(): number {
    return this.pendingCount;
  }

  /**
   * Queues a power request behind earlier ones; resolves once it has been applied. Without a
   * delay it is applied at once (a reset atomically); with one, after a random delay in the
   * range, a reset or cycle as off, a pause, on.
   */
  request(op: PowerRequest): Promise<void> {
    this.pendingCount += 1;
    const run = async () => {
      try {
        if (!this.delayed) return await this.apply(op);
        const { minMs, maxMs } = this.delay;
        await sleep(minMs + Math.random() * (maxMs - minMs));
        if (op === "reset" || op === "cycle") {
          await this.sim.powerOff();
          await sleep(this.offWindowMs);
          await this.sim.powerOn();
          return;
        }
        await this.apply(op);
      } finally {
        this.pendingCount -= 1;
      }
    };
    const done = this.chain.then(run);
    this.chain = done.catch(() => {});
    return done;
  }

  private apply(op: PowerRequest): Promise<void> {
    const sim = this.sim;
    if (op === "on") return sim.powerOn();
    if (op === "off") return sim.powerOff();
    if (op === "toggle") return sim.bootedFrom === null ? sim.powerOn() : sim.powerOff();
    return op === "reset" ? sim.reset() : sim.cycle();
  }
}

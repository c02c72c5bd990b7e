import { describe, expect, it } from "vitest";
import { deadSince, liveliness, needsResurrection, type MachineCondition, type MachineLiveliness } from "./liveliness";

const NOW = new Date("2026-01-01T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("liveliness", () => {
  it.each([
    [5 * MIN, false, "Alive"],
    [5 * MIN, true, "Alive"],
    [5 * MIN + 1, false, "Dead"],
    [5 * MIN + 1, true, "Unknown"],
    [0, false, "Alive"],
  ] as const)("%i ms of silence, allocated=%s → %s", (silence, allocated, want) => {
    expect(liveliness({ lastEventTime: ago(silence), allocated }, NOW)).toBe(want);
  });

  it("treats a machine never heard from as silent", () => {
    expect(liveliness({ lastEventTime: null, allocated: false }, NOW)).toBe("Dead");
    expect(liveliness({ lastEventTime: undefined, allocated: true }, NOW)).toBe("Unknown");
  });

  it("honours a custom threshold", () => {
    expect(liveliness({ lastEventTime: ago(61_000), allocated: false }, NOW, MIN)).toBe("Dead");
    expect(liveliness({ lastEventTime: ago(60_000), allocated: false }, NOW, MIN)).toBe("Alive");
  });

  it("dates death to the moment the silence passed the threshold", () => {
    expect(deadSince(ago(HOUR))).toEqual(ago(HOUR - 5 * MIN));
    expect(deadSince(null)).toBeNull();
  });
});

type Machine = Parameters<typeof needsResurrection>[0];
const dead = (over: Partial<Machine> = {}): Machine => ({
  liveliness: "Dead" as MachineLiveliness,
  deadSince: ago(HOUR + 1),
  allocated: false,
  condition: "AVAILABLE" as MachineCondition,
  failedReclaim: false,
  ...over,
});

describe("needsResurrection", () => {
  it("resurrects an unallocated machine dead for more than 1 h", () => {
    expect(needsResurrection(dead(), NOW)).toEqual({ reason: "dead", message: "dead for more than 1 h" });
  });

  it("waits at exactly 1 h", () => {
    expect(needsResurrection(dead({ deadSince: ago(HOUR) }), NOW)).toBeNull();
  });

  it("resurrects a failed reclaim whatever its liveliness", () => {
    expect(needsResurrection(dead({ liveliness: "Alive", deadSince: null, failedReclaim: true }), NOW)?.reason).toBe("failed-reclaim");
  });

  it("skips LOCKED machines, dead or failed", () => {
    expect(needsResurrection(dead({ condition: "LOCKED" }), NOW)).toBeNull();
    expect(needsResurrection(dead({ condition: "LOCKED", failedReclaim: true }), NOW)).toBeNull();
  });

  it("still resurrects a TAINTED machine (taint keeps new allocations off, not repairs)", () => {
    expect(needsResurrection(dead({ condition: "TAINTED" }), NOW)?.reason).toBe("dead");
  });

  it("never touches an allocated machine: freeing it would wipe a tenant's server", () => {
    expect(needsResurrection(dead({ allocated: true }), NOW)).toBeNull();
    expect(needsResurrection(dead({ allocated: true, failedReclaim: true }), NOW)).toBeNull();
  });

  it("leaves Alive, Unknown and dead-since-unknown machines alone", () => {
    expect(needsResurrection(dead({ liveliness: "Alive" }), NOW)).toBeNull();
    expect(needsResurrection(dead({ liveliness: "Unknown" }), NOW)).toBeNull();
    expect(needsResurrection(dead({ deadSince: undefined }), NOW)).toBeNull();
  });

  it("honours a custom delay", () => {
    expect(needsResurrection(dead({ deadSince: ago(10 * MIN + 1) }), NOW, 10 * MIN)?.message).toBe("dead for more than 10 min");
  });
});

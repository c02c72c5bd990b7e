import { describe, expect, it } from "vitest";
import { applyEvent } from "./fsm";
import { emptyContainer, provisioningContainerSchema } from "./container";
import { LIFECYCLE_STATES, MAX_EVENT_MESSAGE_LENGTH, PROVISIONING_EVENTS, provisioningEventInput } from "./events";

describe("events and states", () => {
  it("has the eleven events of DOMAIN §3.1 and Initial plus one state per stored event", () => {
    expect(PROVISIONING_EVENTS).toHaveLength(11);
    expect(LIFECYCLE_STATES).toEqual([
      "Initial", "PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel",
      "Phoned Home", "Planned Reboot", "Machine Reclaim", "Crashed",
    ]);
  });
});

describe("provisioningEventInput", () => {
  it("accepts a known event and rejects an unknown one", () => {
    expect(provisioningEventInput.parse({ event: "Waiting" })).toEqual({ event: "Waiting" });
    expect(provisioningEventInput.safeParse({ event: "Deploying" }).success).toBe(false);
  });

  it("truncates an over-long message instead of losing the event", () => {
    const parsed = provisioningEventInput.parse({ event: "Crashed", message: "x".repeat(10_000) });
    expect(parsed.message).toHaveLength(MAX_EVENT_MESSAGE_LENGTH);
    expect(parsed.message?.endsWith("…")).toBe(true);
  });
});

describe("provisioningContainerSchema", () => {
  it("reads back a container stored as JSON (dates as strings)", () => {
    let c = emptyContainer();
    c = applyEvent(c, { event: "PXE Booting", time: new Date(0) }).container;
    c = applyEvent(c, { event: "Crashed", time: new Date(1000), message: "boom" }).container;
    expect(provisioningContainerSchema.parse(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });

  it("rejects a container whose state disagrees with its newest event", () => {
    const bad = { ...emptyContainer(), state: "Waiting" };
    const r = provisioningContainerSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["state"]);
  });
});

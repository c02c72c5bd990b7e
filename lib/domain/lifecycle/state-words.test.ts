import { describe, expect, it } from "vitest";
import { LIFECYCLE_STATES } from "./events";
import { tenantStateMeaning, tenantStateWord } from "./state-words";

describe("tenant state words", () => {
  it("gives every lifecycle state a plain word and a meaning", () => {
    for (const s of LIFECYCLE_STATES) {
      expect(tenantStateWord(s)).toMatch(/^[A-Z][a-z]+$/);
      expect(tenantStateMeaning(s).length).toBeGreaterThan(5);
    }
  });
  it("hides the jargon", () => {
    expect(tenantStateWord("Phoned Home")).toBe("Running");
    expect(tenantStateWord("Waiting")).toBe("Available");
    expect(tenantStateWord("Machine Reclaim")).toBe("Wiping");
  });
  it("reads an unknown state as itself", () => {
    expect(tenantStateWord("Frobnicating")).toBe("Frobnicating");
    expect(tenantStateMeaning("Frobnicating")).toBe("");
  });
});

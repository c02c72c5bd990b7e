import { describe, expect, it } from "vitest";
import { uuidPattern, uuidv7 } from "./ids";

describe("uuidv7", () => {
  it("is a version-7 RFC 9562 uuid", () => {
    const id = uuidv7();
    expect(id).toMatch(uuidPattern);
    expect(id[14]).toBe("7");
    expect(["8", "9", "a", "b"]).toContain(id[19]);
  });

  it("sorts in creation order, also within one millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("encodes the timestamp in the first 48 bits", () => {
    const id = uuidv7(0x0123456789ab + 10_000_000);
    const ms = parseInt(id.replace(/-/g, "").slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(0x0123456789ab + 10_000_000);
  });
});

import { describe, expect, it } from "vitest";
import { redactSecrets } from "./audit-redact";

describe("redactSecrets", () => {
  it("removes secrets at any depth and keeps the rest", () => {
    const out = redactSecrets({ name: "bmc", bmc: { user: "admin", password: "s3cret" }, secretHash: "ab", token: "mtk_x", tokenId: "t1", list: [{ apiKey: "k" }] });
    expect(out).toEqual({ name: "bmc", bmc: { user: "admin", password: "[redacted]" }, secretHash: "[redacted]", token: "[redacted]", tokenId: "t1", list: [{ apiKey: "[redacted]" }] });
  });
});

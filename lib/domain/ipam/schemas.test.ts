import { describe, expect, it } from "vitest";
import { z } from "zod";
import { canonicalIpString, canonicalPrefixString, ipString, ipStringFor, prefixString, prefixStringFor } from "./schemas";

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("zod helpers", () => {
  it("accept valid values unchanged", () => {
    expect(ipString.parse("2001:DB8::1")).toBe("2001:DB8::1");
    expect(prefixString.parse("10.0.0.0/8")).toBe("10.0.0.0/8");
  });

  it("report the parser's message", () => {
    expect(messages(prefixString, "10.0.0.1/24")).toEqual(["host bits set: did you mean 10.0.0.0/24?"]);
    expect(messages(ipString, "fe80::1%eth0")).toEqual([
      'not a valid IP address: "fe80::1%eth0" (IPv6 zones such as %eth0 are not supported)',
    ]);
    expect(messages(ipString, 42)).toHaveLength(1);
  });

  it("restrict the family when asked", () => {
    expect(messages(ipStringFor(4), "::1")).toEqual(["must be an IPv4 value"]);
    expect(messages(prefixStringFor(6), "10.0.0.0/8")).toEqual(["must be an IPv6 value"]);
    expect(messages(prefixStringFor(6), "2001:db8::/32")).toEqual([]);
  });

  it("canonical variants normalise what becomes a key", () => {
    expect(canonicalIpString.parse("2001:DB8:0:0::0:1")).toBe("2001:db8::1");
    expect(canonicalPrefixString.parse("2001:0DB8::/32")).toBe("2001:db8::/32");
    expect(messages(canonicalPrefixString, "10.0.0.1/8")).toEqual(["host bits set: did you mean 10.0.0.0/8?"]);
  });
});

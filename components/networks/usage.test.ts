import { describe, expect, it } from "vitest";
import { formatCount, formatCountShort, formatPercent, usageFigures, usageSummary } from "./usage";

describe("prefix usage figures", () => {
  it("computes IPv4 usage exactly", () => {
    const u = usageFigures({ acquiredIps: 3, freeIps: "1019" });
    expect(u).toEqual({ acquired: 3n, total: 1022n, percent: 0.29 });
    expect(usageSummary({ cidr: "10.0.0.0/22", family: 4, acquiredIps: 3, freeIps: "1019", childPrefixes: 0, freeAddresses: "0" })).toBe("3 of 1,022 IPs used (0.29 %)");
  });

  it("does not overflow on IPv6 counts", () => {
    const free = (2n ** 64n - 5n).toString();
    const u = usageFigures({ acquiredIps: 4, freeIps: free });
    expect(u.total).toBe(2n ** 64n - 1n);
    expect(u.percent).toBe(0);
    expect(formatCount(u.total)).toBe("18,446,744,073,709,551,615");
    expect(formatCountShort(u.total)).toBe("≫ 10¹⁵");
    expect(formatPercent(u.percent, u.acquired)).toBe("< 0.01 %");
  });

  it("treats an empty or a parent prefix sensibly", () => {
    expect(usageFigures({ acquiredIps: 0, freeIps: "0" }).percent).toBe(0);
    expect(usageSummary({ cidr: "10.0.0.0/16", family: 4, acquiredIps: 0, freeIps: "0", childPrefixes: 2, freeAddresses: "0" })).toContain("2 child prefixes");
    expect(formatPercent(100, 254n)).toBe("100 %");
  });
});

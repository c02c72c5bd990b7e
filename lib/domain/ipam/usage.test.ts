import { describe, expect, it } from "vitest";
import { freeRanges, rangeToPrefixes } from "./free-space";
import { formatPrefix, parsePrefix } from "./prefix";
import { prefixUsage } from "./usage";

const p = parsePrefix;
const usage = (cidr: string, ips: number, children: string[], childLength?: number) =>
  prefixUsage(p(cidr), ips, children.map(p), { childLength });

describe("prefixUsage matches go-ipam's Usage()", () => {
  // Figures from go-ipam's prefix_test.go (TestIpamer_AcquireChildPrefixCounts / ...Fragmented).
  it("fresh /20: ip:2/4096, 1024 available /30s", () => {
    const u = usage("192.168.0.0/20", 0, []);
    expect([u.acquiredIps, u.availableIps]).toEqual([2n, 4096n]);
    expect(u.childLength).toBe(30);
    expect(u.availablePrefixes).toBe(1024n);
    expect(u.acquiredPrefixes).toBe(0);
    expect(u.freeBlocks.map(formatPrefix)).toEqual(["192.168.0.0/20"]);
  });

  it("counts down as /22 children are acquired", () => {
    expect(usage("192.168.0.0/20", 0, ["192.168.0.0/22"]).availablePrefixes).toBe(768n);
    const two = usage("192.168.0.0/20", 0, ["192.168.0.0/22", "192.168.4.0/22"]);
    expect([two.availablePrefixes, two.acquiredPrefixes]).toEqual([512n, 2]);
  });

  it("lists the fragmented free space exactly as go-ipam does", () => {
    const a = usage("192.168.0.0/20", 0, ["192.168.0.0/21", "192.168.8.0/22"]);
    expect(a.freeBlocks.map(formatPrefix)).toEqual(["192.168.12.0/22"]);
    expect(a.availablePrefixes).toBe(256n);

    const b = usage("192.168.0.0/20", 0, ["192.168.0.0/21", "192.168.8.0/28"]);
    expect(b.freeBlocks.map(formatPrefix)).toEqual([
      "192.168.8.16/28", "192.168.8.32/27", "192.168.8.64/26", "192.168.8.128/25",
      "192.168.9.0/24", "192.168.10.0/23", "192.168.12.0/22",
    ]);
    expect(b.availablePrefixes).toBe(508n);
  });
});

describe("prefixUsage beyond go-ipam", () => {
  it("counts IPs, including the reserved ones in acquiredIps, and says what is free", () => {
    const u = usage("10.0.0.0/24", 10, []);
    expect([u.availableIps, u.acquiredIps, u.freeIps]).toEqual([256n, 12n, 244n]);
    const full = usage("10.0.0.0/31", 2, []);
    expect([full.acquiredIps, full.freeIps]).toEqual([2n, 0n]);
  });

  it("reports exact IPv6 figures where go-ipam caps at 2^31-1", () => {
    const u = usage("2001:db8::/64", 1, []);
    expect([u.availableIps, u.acquiredIps, u.freeIps]).toEqual([1n << 64n, 2n, (1n << 64n) - 2n]);
    expect(u.childLength).toBe(126);
    expect(u.availablePrefixes).toBe(1n << 62n);
  });

  it("counts any child length on request; blocks smaller than it count zero", () => {
    expect(usage("192.168.0.0/20", 0, ["192.168.0.0/22"], 24).availablePrefixes).toBe(12n);
    expect(usage("10.0.0.0/24", 0, ["10.0.0.0/26", "10.0.0.192/26"], 25).availablePrefixes).toBe(0n);
    expect(usage("10.0.0.0/31", 0, []).availablePrefixes).toBe(0n); // a /31 holds no /30
  });

  it("rejects impossible input", () => {
    expect(() => usage("10.0.0.0/24", -1, [])).toThrow(RangeError);
    expect(() => usage("10.0.0.0/24", 0, [], 33)).toThrow(/out of range/);
  });
});

describe("free space helpers", () => {
  it("merges overlapping used children and clips to the parent", () => {
    const ranges = freeRanges(p("10.0.0.0/24"), ["9.0.0.0/8", "10.0.0.0/26", "10.0.0.0/27", "10.0.0.128/25"].map(p));
    expect(ranges).toEqual([{ start: p("10.0.0.64/32").network, end: p("10.0.0.127/32").network }]);
    expect(freeRanges(p("10.0.0.0/24"), [p("10.0.0.0/8")])).toEqual([]);
  });

  it("cuts a range into its minimal CIDR cover", () => {
    const cover = rangeToPrefixes(4, { start: p("10.0.0.1/32").network, end: p("10.0.0.254/32").network });
    expect(cover.map(formatPrefix)).toEqual([
      "10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/30", "10.0.0.8/29", "10.0.0.16/28", "10.0.0.32/27", "10.0.0.64/26",
      "10.0.0.128/26", "10.0.0.192/27", "10.0.0.224/28", "10.0.0.240/29", "10.0.0.248/30", "10.0.0.252/31", "10.0.0.254/32",
    ]);
    expect(rangeToPrefixes(6, { start: 0n, end: (1n << 128n) - 1n }).map(formatPrefix)).toEqual(["::/0"]);
  });
});

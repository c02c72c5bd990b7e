import { describe, expect, it } from "vitest";
import { formatIp, parseIp } from "./address";
import { firstFreeChildPrefix, firstFreeIp, isSpecificChildFree, isSpecificIpFree } from "./allocate";
import { formatPrefix, parsePrefix, type Prefix } from "./prefix";
import { nthChild } from "./split";

const p = parsePrefix;
const ip = (s: string) => parseIp(s).value;
const ips = (...list: string[]) => list.map(ip);
const free = (prefix: string, used: bigint[]) => {
  const v = firstFreeIp(p(prefix), used);
  return v === null ? null : formatIp(p(prefix).family, v);
};
const child = (parent: string, length: number, used: string[], strategy?: "lowest" | "best-fit") => {
  const c = firstFreeChildPrefix(p(parent), length, used.map(p), { strategy });
  return c === null ? null : formatPrefix(c);
};

describe("firstFreeIp", () => {
  it("starts after the IPv4 network address and walks past used ones to the first gap", () => {
    expect(free("10.0.0.0/24", [])).toBe("10.0.0.1");
    expect(free("10.0.0.0/24", ips("10.0.0.1", "10.0.0.2", "10.0.0.4"))).toBe("10.0.0.3");
  });

  it("tolerates listed reserved addresses, duplicates and addresses outside the prefix", () => {
    expect(free("10.0.0.0/24", ips("9.0.0.1", "10.0.0.0", "10.0.0.1", "10.0.0.1", "10.0.0.2", "11.0.0.0"))).toBe("10.0.0.3");
  });

  it("never returns the broadcast address; null when exhausted", () => {
    const all = Array.from({ length: 253 }, (_, i) => ip("10.0.0.1") + BigInt(i));
    expect(free("10.0.0.0/24", all)).toBe("10.0.0.254");
    expect(free("10.0.0.0/24", [...all, ip("10.0.0.254")])).toBeNull();
    expect(free("10.0.0.0/30", ips("10.0.0.1", "10.0.0.2"))).toBeNull();
  });

  it("hands out both addresses of a /31 and the one of a /32", () => {
    expect(free("10.0.0.0/31", [])).toBe("10.0.0.0");
    expect(free("10.0.0.0/31", ips("10.0.0.0"))).toBe("10.0.0.1");
    expect(free("10.0.0.0/31", ips("10.0.0.0", "10.0.0.1"))).toBeNull();
    expect(free("10.0.0.9/32", [])).toBe("10.0.0.9");
  });

  it("IPv6: skips only the subnet-router anycast address; the last address is usable", () => {
    expect(free("2001:db8::/64", [])).toBe("2001:db8::1");
    expect(free("2001:db8::/126", ips("2001:db8::1", "2001:db8::2"))).toBe("2001:db8::3");
    expect(free("2001:db8::/127", [])).toBe("2001:db8::1");
    expect(free("2001:db8::/128", [])).toBeNull();
  });

  it("throws on an unsorted list instead of risking a double hand-out", () => {
    expect(() => firstFreeIp(p("10.0.0.0/24"), ips("10.0.0.5", "10.0.0.1"))).toThrow(/sorted ascending/);
  });
});

describe("firstFreeChildPrefix", () => {
  it("returns the lowest aligned child around used children of any length", () => {
    expect(child("10.0.0.0/16", 24, [])).toBe("10.0.0.0/24");
    expect(child("10.0.0.0/16", 24, ["10.0.0.0/24", "10.0.1.0/25"])).toBe("10.0.2.0/24");
    expect(child("10.0.0.0/16", 24, ["10.0.0.0/26", "10.0.0.128/26", "10.0.1.0/24"])).toBe("10.0.2.0/24");
    expect(child("10.0.0.0/16", 26, ["10.0.0.0/26", "10.0.0.128/26", "10.0.1.0/24"])).toBe("10.0.0.64/26");
    expect(child("10.0.0.0/16", 23, ["10.0.0.0/22", "10.0.4.0/28"])).toBe("10.0.6.0/23");
  });

  it("returns null when no aligned block is free, even if enough addresses are", () => {
    // 10.0.0.64/26 and 10.0.0.128/26 are free, but no aligned /25 is.
    expect(child("10.0.0.0/24", 25, ["10.0.0.0/26", "10.0.0.192/26"])).toBeNull();
    expect(child("10.0.0.0/24", 26, ["10.0.0.0/26", "10.0.0.192/26"])).toBe("10.0.0.64/26");
    expect(child("10.0.0.0/24", 25, ["10.0.0.0/24"])).toBeNull();
  });

  it("works for IPv6", () => {
    expect(child("2001:db8::/48", 64, ["2001:db8::/64", "2001:db8:0:1::/64"])).toBe("2001:db8:0:2::/64");
    expect(child("2001:db8::/48", 56, ["2001:db8::/64"])).toBe("2001:db8:0:100::/56");
    expect(child("2001:db8::/126", 127, ["2001:db8::/127"])).toBe("2001:db8::2/127");
  });

  it("best-fit mirrors go-ipam: the smallest free block that fits, carved from its start", () => {
    // Free: 10.0.0.0/25 and 10.0.0.192/26.
    const used = ["10.0.0.128/26"];
    expect(child("10.0.0.0/24", 26, used)).toBe("10.0.0.0/26");
    expect(child("10.0.0.0/24", 26, used, "best-fit")).toBe("10.0.0.192/26");
    expect(child("10.0.0.0/24", 27, used, "best-fit")).toBe("10.0.0.192/27");
    expect(child("10.0.0.0/24", 25, used, "best-fit")).toBe("10.0.0.0/25");
    expect(child("10.0.0.0/24", 24 + 1, ["10.0.0.0/26", "10.0.0.192/26"], "best-fit")).toBeNull();
    // go-ipam's TestIpamer_AcquireChildPrefixFragmented: after /21 and /28, a /22 is 192.168.12.0/22.
    expect(child("192.168.0.0/20", 22, ["192.168.0.0/21", "192.168.8.0/28"], "best-fit")).toBe("192.168.12.0/22");
  });

  it("refuses child lengths go-ipam refuses, and unsorted input", () => {
    expect(() => child("10.0.0.0/16", 16, [])).toThrow(/must be longer/);
    expect(() => child("10.0.0.0/16", 33, [])).toThrow(/out of range/);
    expect(() => child("10.0.0.0/16", 24, ["10.0.5.0/24", "10.0.1.0/24"])).toThrow(/sorted ascending/);
  });
});

describe("isSpecificIpFree", () => {
  const net = p("10.0.0.0/24");
  const used = ips("10.0.0.7");

  it("explains every refusal", () => {
    expect(isSpecificIpFree(net, parseIp("10.0.0.8"), used)).toEqual({ free: true });
    expect(isSpecificIpFree(net, parseIp("10.0.1.8"), used)).toEqual({
      free: false, reason: "outside_prefix", message: "10.0.1.8 is not in 10.0.0.0/24",
    });
    expect(isSpecificIpFree(net, parseIp("::ffff:10.0.0.8"), used)).toMatchObject({ reason: "outside_prefix" });
    expect(isSpecificIpFree(net, parseIp("10.0.0.0"), used)).toEqual({
      free: false, reason: "network_address", message: "10.0.0.0 is the network address of 10.0.0.0/24 and is never handed out",
    });
    expect(isSpecificIpFree(net, parseIp("10.0.0.255"), used)).toMatchObject({ reason: "broadcast_address" });
    expect(isSpecificIpFree(net, parseIp("10.0.0.7"), used)).toEqual({
      free: false, reason: "already_used", message: "10.0.0.7 is already in use",
    });
  });

  it("follows the /31 and IPv6 rules", () => {
    expect(isSpecificIpFree(p("10.0.0.0/31"), parseIp("10.0.0.0"), [])).toEqual({ free: true });
    expect(isSpecificIpFree(p("2001:db8::/64"), parseIp("2001:db8::"), [])).toMatchObject({
      reason: "network_address", message: expect.stringContaining("subnet-router anycast"),
    });
    expect(isSpecificIpFree(p("2001:db8::/64"), parseIp("2001:db8::ffff:ffff:ffff:ffff"), [])).toEqual({ free: true });
  });
});

describe("isSpecificChildFree", () => {
  const parent = p("10.0.0.0/16");
  const used = ["10.0.0.0/23", "10.0.4.0/24"].map(p);

  it("explains every refusal", () => {
    expect(isSpecificChildFree(parent, p("10.0.2.0/23"), used)).toEqual({ free: true });
    expect(isSpecificChildFree(parent, p("10.0.1.0/24"), used)).toEqual({
      free: false, reason: "overlaps_used", message: "10.0.1.0/24 overlaps 10.0.0.0/23, which is already in use",
    });
    expect(isSpecificChildFree(parent, p("10.0.4.0/22"), used)).toMatchObject({ reason: "overlaps_used" });
    expect(isSpecificChildFree(parent, p("10.1.0.0/24"), used)).toEqual({
      free: false, reason: "outside_parent", message: "10.1.0.0/24 is not inside 10.0.0.0/16",
    });
    expect(isSpecificChildFree(parent, p("10.0.0.0/8"), used)).toMatchObject({ reason: "outside_parent" });
    expect(isSpecificChildFree(parent, p("2001:db8::/64"), used)).toMatchObject({ reason: "outside_parent" });
    expect(isSpecificChildFree(parent, parent, [])).toMatchObject({ reason: "not_longer" });
  });
});

describe("at scale", () => {
  const elapsed = (fn: () => unknown) => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };

  it("finds the first free address of a /16 with 60,000 used addresses quickly", () => {
    const net = p("10.0.0.0/16");
    const used = Array.from({ length: 60_000 }, (_, i) => net.network + 1n + BigInt(i));
    let result: bigint | null = null;
    const ms = elapsed(() => (result = firstFreeIp(net, used)));
    expect(result).toBe(net.network + 60_001n);
    expect(ms).toBeLessThan(200);
  });

  it("finds the first free /24 of a /8 with 10,000 used /24s quickly, with either strategy", () => {
    const parent = p("10.0.0.0/8");
    const used: Prefix[] = Array.from({ length: 10_000 }, (_, i) => nthChild(parent, 24, i));
    for (const strategy of ["lowest", "best-fit"] as const) {
      let result: Prefix | null = null;
      const ms = elapsed(() => (result = firstFreeChildPrefix(parent, 24, used, { strategy })));
      expect(result).toEqual(nthChild(parent, 24, 10_000));
      expect(ms).toBeLessThan(200);
    }
  });
});

import { describe, expect, it } from "vitest";
import { parseIp } from "./address";
import { IpamInputError } from "./errors";
import {
  comparePrefix,
  formatPrefix,
  lastAddress,
  makePrefix,
  parsePrefix,
  prefixContains,
  prefixContainsPrefix,
  prefixesOverlap,
  prefixOf,
  prefixSize,
  tryParsePrefix,
} from "./prefix";

const p = parsePrefix;

function errorOf(s: string): IpamInputError {
  const r = tryParsePrefix(s);
  if (r.ok) throw new Error(`${s} unexpectedly parsed`);
  return r.error;
}

describe("parsePrefix", () => {
  it("parses IPv4 and IPv6 prefixes, including /0 and full-length ones", () => {
    expect(p("10.0.0.0/8")).toEqual({ family: 4, network: 0x0a000000n, length: 8 });
    expect(p("0.0.0.0/0")).toEqual({ family: 4, network: 0n, length: 0 });
    expect(p("192.168.1.7/32")).toEqual({ family: 4, network: 0xc0a80107n, length: 32 });
    expect(p("2001:DB8::/32")).toEqual({ family: 6, network: 0x20010db8n << 96n, length: 32 });
    expect(p("::/0")).toEqual({ family: 6, network: 0n, length: 0 });
    expect(p("::1/128")).toEqual({ family: 6, network: 1n, length: 128 });
  });

  it("refuses host bits with a distinct code and a suggestion", () => {
    const e = errorOf("10.0.0.1/24");
    expect(e.code).toBe("host_bits_set");
    expect(e.message).toBe("host bits set: did you mean 10.0.0.0/24?");
    expect(e.suggestion).toBe("10.0.0.0/24");
    expect(errorOf("2001:db8::1/64").message).toBe("host bits set: did you mean 2001:db8::/64?");
    expect(errorOf("10.1.2.3/0").suggestion).toBe("0.0.0.0/0");
  });

  it.each([
    ["10.0.0.0", "invalid_prefix"],
    ["10.0.0.0/", "invalid_prefix"],
    ["/24", "invalid_prefix"],
    ["10.0.0.0/24/1", "invalid_prefix"],
    ["10.0.0.0/08", "invalid_prefix"],
    ["10.0.0.0/-1", "invalid_prefix"],
    ["10.0.0.0/+8", "invalid_prefix"],
    ["10.0.0.0/ 8", "invalid_prefix"],
    ["10.0.0.256/32", "invalid_prefix"],
    ["fe80::%eth0/64", "invalid_prefix"],
    ["10.0.0.0/33", "invalid_length"],
    ["::/129", "invalid_length"],
  ])("rejects %j with %s", (text, code) => {
    expect(errorOf(text).code).toBe(code);
  });

  it("says why the address part is bad", () => {
    expect(errorOf("fe80::%eth0/64").message).toMatch(/zones/);
    expect(errorOf("10.0.0.0/33").message).toBe("prefix length /33 is out of range for IPv4 (0-32)");
  });

  it("formats canonically", () => {
    expect(formatPrefix(p("2001:0DB8:0000::/48"))).toBe("2001:db8::/48");
    expect(formatPrefix(p("10.0.0.0/8"))).toBe("10.0.0.0/8");
  });

  it("makePrefix applies the same checks; prefixOf masks on purpose", () => {
    expect(() => makePrefix(4, 1n, 24)).toThrow(/host bits set/);
    expect(() => makePrefix(4, 0n, 24.5)).toThrow(IpamInputError);
    expect(formatPrefix(prefixOf(parseIp("10.1.2.3"), 16))).toBe("10.1.0.0/16");
    expect(formatPrefix(prefixOf(parseIp("2001:db8::abcd"), 64))).toBe("2001:db8::/64");
  });
});

describe("size, containment, overlap", () => {
  it("sizes are exact bigints", () => {
    expect(prefixSize(p("10.0.0.0/24"))).toBe(256n);
    expect(prefixSize(p("0.0.0.0/0"))).toBe(1n << 32n);
    expect(prefixSize(p("2001:db8::/64"))).toBe(1n << 64n);
    expect(prefixSize(p("::1/128"))).toBe(1n);
    expect(lastAddress(p("10.0.0.0/24"))).toBe(parseIp("10.0.0.255").value);
  });

  it("contains its own ends and nothing of the other family", () => {
    const net = p("10.0.0.0/24");
    expect(prefixContains(net, parseIp("10.0.0.0"))).toBe(true);
    expect(prefixContains(net, parseIp("10.0.0.255"))).toBe(true);
    expect(prefixContains(net, parseIp("10.0.1.0"))).toBe(false);
    expect(prefixContains(net, parseIp("9.255.255.255"))).toBe(false);
    expect(prefixContains(p("::/0"), parseIp("10.0.0.1"))).toBe(false);
    expect(prefixContains(p("0.0.0.0/0"), parseIp("::ffff:10.0.0.1"))).toBe(false);
  });

  it("contains prefixes that nest inside it, including itself", () => {
    expect(prefixContainsPrefix(p("10.0.0.0/8"), p("10.20.0.0/16"))).toBe(true);
    expect(prefixContainsPrefix(p("10.0.0.0/8"), p("10.0.0.0/8"))).toBe(true);
    expect(prefixContainsPrefix(p("10.20.0.0/16"), p("10.0.0.0/8"))).toBe(false);
    expect(prefixContainsPrefix(p("10.0.0.0/8"), p("11.0.0.0/16"))).toBe(false);
    expect(prefixContainsPrefix(p("::/0"), p("2001:db8::/32"))).toBe(true);
  });

  it("overlaps when one nests in the other, never across families", () => {
    expect(prefixesOverlap(p("10.0.0.0/8"), p("10.1.0.0/16"))).toBe(true);
    expect(prefixesOverlap(p("10.1.0.0/16"), p("10.0.0.0/8"))).toBe(true);
    expect(prefixesOverlap(p("10.0.0.0/25"), p("10.0.0.128/25"))).toBe(false);
    expect(prefixesOverlap(p("10.0.0.0/24"), p("10.0.1.0/24"))).toBe(false);
    expect(prefixesOverlap(p("0.0.0.0/0"), p("::/0"))).toBe(false);
    expect(prefixesOverlap(p("2001:db8::/48"), p("2001:db8:0:ff00::/56"))).toBe(true);
  });

  it("orders like Postgres cidr: family, network, then shorter first", () => {
    const sorted = ["::/0", "10.0.0.0/24", "10.0.0.0/8", "9.0.0.0/8"].map(p).sort(comparePrefix).map(formatPrefix);
    expect(sorted).toEqual(["9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/24", "::/0"]);
  });
});

import { describe, expect, it } from "vitest";
import { formatIp } from "./address";
import { parsePrefix } from "./prefix";
import { firstUsable, lastUsable, reservedIpCount, reservedKind, usableIpCount } from "./usable";

function usable(cidr: string): [string | null, string | null, bigint] {
  const p = parsePrefix(cidr);
  const show = (v: bigint | null) => (v === null ? null : formatIp(p.family, v));
  return [show(firstUsable(p)), show(lastUsable(p)), usableIpCount(p)];
}

describe("usable addresses", () => {
  it("IPv4 up to /30 never hands out network or broadcast", () => {
    expect(usable("10.0.0.0/24")).toEqual(["10.0.0.1", "10.0.0.254", 254n]);
    expect(usable("10.0.0.0/30")).toEqual(["10.0.0.1", "10.0.0.2", 2n]);
    const p = parsePrefix("10.0.0.0/24");
    expect(reservedKind(p, p.network)).toBe("network");
    expect(reservedKind(p, p.network + 255n)).toBe("broadcast");
    expect(reservedKind(p, p.network + 1n)).toBeNull();
  });

  it("IPv4 /31 and /32 follow RFC 3021: every address is usable (go-ipam would leave none)", () => {
    expect(usable("10.0.0.0/31")).toEqual(["10.0.0.0", "10.0.0.1", 2n]);
    expect(usable("10.0.0.7/32")).toEqual(["10.0.0.7", "10.0.0.7", 1n]);
    expect(reservedIpCount(parsePrefix("10.0.0.0/31"))).toBe(0n);
    expect(reservedKind(parsePrefix("10.0.0.0/31"), parsePrefix("10.0.0.0/31").network)).toBeNull();
  });

  it("IPv6 reserves only the subnet-router anycast address, at every length (as go-ipam)", () => {
    expect(usable("2001:db8::/64")).toEqual(["2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff", (1n << 64n) - 1n]);
    expect(usable("2001:db8::/127")).toEqual(["2001:db8::1", "2001:db8::1", 1n]);
    expect(usable("2001:db8::5/128")).toEqual([null, null, 0n]);
    const p = parsePrefix("2001:db8::/64");
    expect(reservedKind(p, p.network)).toBe("network");
    expect(reservedKind(p, p.network + (1n << 64n) - 1n)).toBeNull(); // no broadcast in IPv6
  });
});

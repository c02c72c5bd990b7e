import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addIp, compareIp, formatIp, ipToString, parseIp, type IpAddress } from "./address";
import { IpamInputError } from "./errors";

const v6 = (s: string) => parseIp(s).value;

describe("parseIp: IPv4", () => {
  it.each([
    ["0.0.0.0", 0n],
    ["10.0.0.1", 0x0a000001n],
    ["255.255.255.255", 0xffffffffn],
  ])("parses %s", (text, value) => {
    expect(parseIp(text)).toEqual({ family: 4, value });
  });

  it.each([
    "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", "-1.2.3.4", "a.b.c.d", "0x1.2.3.4",
    " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1.2.3.4/32", "1234.1.1.1", "１.2.3.4",
  ])("rejects %j", (text) => {
    expect(() => parseIp(text)).toThrow(IpamInputError);
  });

  it("rejects leading zeros, which some tools read as octal", () => {
    expect(() => parseIp("010.0.0.1")).toThrow(/leading zero/);
    expect(() => parseIp("1.2.3.04")).toThrow(/leading zero/);
  });

  it("reports the code invalid_ip and quotes the input", () => {
    const error = (() => {
      try {
        parseIp("300.1.1.1");
      } catch (e) {
        return e as IpamInputError;
      }
    })();
    expect(error?.code).toBe("invalid_ip");
    expect(error?.message).toBe('not a valid IP address: "300.1.1.1" (IPv4 octet greater than 255)');
  });
});

describe("parseIp: IPv6", () => {
  it.each([
    ["::", 0n],
    ["::1", 1n],
    ["1::", 1n << 112n],
    ["2001:db8::1", 0x20010db8000000000000000000000001n],
    ["2001:DB8:0000:0000:0000:0000:0000:0001", 0x20010db8000000000000000000000001n],
    ["2001:0db8::0:1", 0x20010db8000000000000000000000001n],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", (1n << 128n) - 1n],
    ["1:2:3:4:5:6:7::", 0x00010002000300040005000600070000n],
    ["::2:3:4:5:6:7:8", 0x00000002000300040005000600070008n],
    ["::ffff:1.2.3.4", 0xffff01020304n],
    ["::1.2.3.4", 0x01020304n],
    ["64:ff9b::192.0.2.33", 0x0064ff9b0000000000000000c0000221n],
    ["1:2:3:4:5:6:1.2.3.4", 0x00010002000300040005000601020304n],
  ])("parses %s", (text, value) => {
    expect(parseIp(text)).toEqual({ family: 6, value });
  });

  it.each([
    ":", ":::", "1:::2", "1::2::3", ":1::", "1::2:", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "12345::", "g::1", "[::1]", "1.2.3.4::", "::1.2.3.4:5",
    "::256.1.1.1", "::ffff:01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::1 ", "::-1", "0x1::",
  ])("rejects %j", (text) => {
    expect(() => parseIp(text)).toThrow(IpamInputError);
  });

  it("rejects zones with a message that says so", () => {
    expect(() => parseIp("fe80::1%eth0")).toThrow(/zones such as %eth0 are not supported/);
  });

  it("keeps IPv4-mapped addresses in the IPv6 family, as Go's netip does", () => {
    expect(parseIp("::ffff:10.0.0.1").family).toBe(6);
  });
});

describe("formatIp", () => {
  it.each([
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // equal runs: the first is compressed
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], // the longest run is compressed
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // a lone zero group is not
    ["2001:DB8::AB:0", "2001:db8::ab:0"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["1:0:0:0:0:0:0:1", "1::1"],
    ["0:0:1:0:0:0:1:0", "0:0:1::1:0"],
    ["::ffff:1.2.3.4", "::ffff:1.2.3.4"],
    ["::FFFF:0102:0304", "::ffff:1.2.3.4"],
    ["::1.2.3.4", "::102:304"], // deprecated IPv4-compatible form: plain hex, as Go prints it
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
  ])("writes %s as %s (RFC 5952)", (input, canonical) => {
    expect(formatIp(6, v6(input))).toBe(canonical);
  });

  it("writes IPv4 as a dotted quad", () => {
    expect(formatIp(4, 0x0a000001n)).toBe("10.0.0.1");
    expect(formatIp(4, 0n)).toBe("0.0.0.0");
  });

  it("refuses values outside the family", () => {
    expect(() => formatIp(4, 1n << 32n)).toThrow(RangeError);
    expect(() => formatIp(6, -1n)).toThrow(RangeError);
    expect(() => formatIp(5 as 4, 1n)).toThrow(RangeError);
  });

  it("matches the WHATWG URL serializer for every non-mapped IPv6 address", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.nat({ max: 7 }), (random, zeroRun) => {
        // Force zero runs of varying length so compression is actually exercised.
        const mask = ((1n << BigInt(16 * zeroRun)) - 1n) << BigInt(16 * (7 - zeroRun));
        const value = random & ~mask;
        fc.pre(value >> 32n !== 0xffffn);
        const ours = formatIp(6, value);
        expect(`[${ours}]`).toBe(new URL(`http://[${ours}]/`).hostname);
      }),
    );
  });
});

/** Writes an IPv6 value in a random, valid, non-canonical way: case, padding, any zero run, IPv4 tail. */
function variantText(value: bigint, upper: boolean, pad: boolean, compressAt: number, v4Tail: boolean): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let parts = groups.map((g) => (pad ? g.toString(16).padStart(4, "0") : g.toString(16)));
  if (v4Tail) {
    const low = value & 0xffffffffn;
    parts = [...parts.slice(0, 6), [24n, 16n, 8n, 0n].map((s) => String((low >> s) & 0xffn)).join(".")];
  }
  let text = parts.join(":");
  const limit = v4Tail ? 6 : 8;
  if (compressAt < limit && groups[compressAt] === 0) {
    let end = compressAt;
    while (end < limit && groups[end] === 0) end++;
    text = `${parts.slice(0, compressAt).join(":")}::${parts.slice(end).join(":")}`;
  }
  return upper ? text.toUpperCase() : text;
}

describe("round trips (property)", () => {
  it("IPv4: parse(format(v)) === v", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffn }), (value) => {
        expect(parseIp(formatIp(4, value))).toEqual({ family: 4, value });
      }),
    );
  });

  it("IPv6: every valid spelling parses to the same value and formats canonically", () => {
    const sparse = fc
      .tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: 255n }))
      .map(([v, zeroMask]) => {
        let out = v;
        for (let i = 0n; i < 8n; i++) if ((zeroMask >> i) & 1n) out &= ~(0xffffn << (16n * i));
        return out;
      });
    fc.assert(
      fc.property(sparse, fc.boolean(), fc.boolean(), fc.nat({ max: 8 }), fc.boolean(), (value, upper, pad, at, v4) => {
        const text = variantText(value, upper, pad, at, v4);
        expect(parseIp(text)).toEqual({ family: 6, value });
        const canonical = formatIp(6, value);
        expect(formatIp(6, parseIp(canonical).value)).toBe(canonical);
      }),
    );
  });
});

describe("compareIp / addIp", () => {
  const a: IpAddress = parseIp("10.0.0.1");
  const b: IpAddress = parseIp("10.0.0.2");
  const c: IpAddress = parseIp("::1");

  it("orders by family, then value", () => {
    expect(compareIp(a, b)).toBe(-1);
    expect(compareIp(b, a)).toBe(1);
    expect(compareIp(a, a)).toBe(0);
    expect(compareIp(c, a)).toBe(1); // ::1 is numerically smaller, but IPv6 sorts after IPv4
  });

  it("adds within the family and refuses to wrap", () => {
    expect(ipToString(addIp(a, 255))).toBe("10.0.1.0");
    expect(ipToString(addIp(b, -2n))).toBe("10.0.0.0");
    expect(() => addIp(parseIp("255.255.255.255"), 1)).toThrow(RangeError);
    expect(() => addIp(parseIp("::"), -1)).toThrow(RangeError);
    expect(ipToString(addIp(parseIp("::ffff:ffff:ffff"), 1))).toBe("::1:0:0:0");
  });
});

import { describe, expect, it } from "vitest";
import { bmcAddressInNetworks, bmcHost } from "./networks";
import { ipInNetworks } from "@/lib/domain/ipam";

describe("BMC addresses and the partition's BMC networks", () => {
  it("finds the host in every address form", () => {
    expect(["10.1.2.3", "10.1.2.3:623", "http://10.1.2.3:8000/redfish", "https://10.1.2.3", "[fd00::5]:443", "fd00::5", "bmc01.example"].map(bmcHost))
      .toEqual(["10.1.2.3", "10.1.2.3", "10.1.2.3", "10.1.2.3", "fd00::5", "fd00::5", "bmc01.example"]);
  });
  it("judges only IP literals inside one of the CIDRs of their family as inside", () => {
    const nets = ["10.1.0.0/16", "fd00::/64", "127.0.0.0/8"];
    expect(bmcAddressInNetworks("10.1.2.3:623", nets)).toBe(true);
    expect(bmcAddressInNetworks("http://127.0.0.1:9001", nets)).toBe(true);
    expect(bmcAddressInNetworks("[fd00::5]:443", nets)).toBe(true);
    expect(bmcAddressInNetworks("10.2.0.1", nets)).toBe(false);
    expect(bmcAddressInNetworks("http://169.254.169.254/latest", nets)).toBe(false);
    expect(bmcAddressInNetworks("bmc01.example", ["0.0.0.0/0"])).toBe(false); // a name may resolve anywhere
    expect(bmcAddressInNetworks("http://user:pw@10.1.2.3", nets)).toBe(false);
    expect(bmcAddressInNetworks("10.1.2.3", [])).toBe(false);
    expect(ipInNetworks("::ffff:10.1.2.3", ["10.1.0.0/16"])).toBe(false); // families never mix
  });
});

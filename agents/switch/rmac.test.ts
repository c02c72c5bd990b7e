import { describe, expect, it } from "vitest";
import { rmacsFromEvpnRoutes } from "./agent";

describe("rmacsFromEvpnRoutes", () => {
  // The shape of FRR 8.4's `show bgp l2vpn evpn route type prefix json` (trimmed, seen in the lab).
  const routes = {
    "10.255.2.1:2": { rd: "10.255.2.1:2", "[5]:[0]:[32]:[10.128.0.2]": { prefix: "[5]:[0]:[32]:[10.128.0.2]", paths: [[
      { valid: true, extendedCommunity: { string: "RT:59925:1 ET:8 Rmac:c2:7d:ee:c7:6a:d0" }, nexthops: [{ ip: "10.255.2.1", afi: "ipv4", used: true }] },
    ]] } },
    "10.255.2.2:3": { rd: "10.255.2.2:3", "[5]:[0]:[32]:[10.130.0.2]": { paths: [[
      { extendedCommunity: { string: "ET:8 RT:59926:2 Rmac:aa:bb:cc:dd:ee:ff" }, nexthops: [{ ip: "10.255.2.2" }] },
    ]] } },
    numPrefix: 2,
  };
  it("maps each VTEP to the router MAC of the VNI's routes only", () => {
    expect(rmacsFromEvpnRoutes(routes, 1)).toEqual(new Map([["10.255.2.1", "c2:7d:ee:c7:6a:d0"]]));
    expect(rmacsFromEvpnRoutes(routes, 2)).toEqual(new Map([["10.255.2.2", "aa:bb:cc:dd:ee:ff"]]));
    expect(rmacsFromEvpnRoutes(routes, 11)).toEqual(new Map());
  });
});

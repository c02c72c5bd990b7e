import { describe, expect, it } from "vitest";
import { parseBgpNeighbours } from "./bgp";
import { splitJsonDocuments } from "./bgp-received";
import { ConfigError, parseSwitchAgentConfig } from "./config";
import { operStateOf } from "./links";

/** The shape of FRR 8.4's `show bgp vrf all neighbors json`, trimmed to what the agent reads. */
const frrJson = JSON.stringify({
  default: {
    vrfId: 0, vrfName: "default",
    swp31: { remoteAs: 4200000100, bgpState: "Established", peerGroup: "FABRIC", bgpTimerUpMsec: 120_000,
      addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: 12 }, l2VpnEvpn: { acceptedPrefixCounter: 40 } } },
    swp32: { remoteAs: 0, bgpState: "Active", peerGroup: "FABRIC", addressFamilyInfo: {} },
  },
  vrf1007: {
    vrfId: 5, vrfName: "vrf1007",
    swp1: { bgpState: "Established", peerGroup: "MACHINE", bgpTimerUpMsec: 5_000,
      addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: 1, prefixReceivedCount: 3 }, ipv6Unicast: { acceptedPrefixCounter: 1 } } },
  },
});

describe("switch agent: reading FRR and the kernel", () => {
  it("turns BGP neighbours into session reports per VRF, with uptime and prefix counts", () => {
    const now = Date.parse("2026-12-04T12:00:00Z");
    expect(parseBgpNeighbours(frrJson, now)).toEqual([
      { neighbour: "swp31", peerGroup: "FABRIC", vrf: "default", state: "Established", establishedSince: "2026-12-04T11:58:00.000Z", prefixesReceived: 52, prefixesAccepted: 52 },
      { neighbour: "swp32", peerGroup: "FABRIC", vrf: "default", state: "Active", establishedSince: null, prefixesReceived: 0, prefixesAccepted: 0 },
      { neighbour: "swp1", peerGroup: "MACHINE", vrf: "vrf1007", state: "Established", establishedSince: "2026-12-04T11:59:55.000Z", prefixesReceived: 4, prefixesAccepted: 2 },
    ]);
    expect(parseBgpNeighbours("")).toEqual([]);
    expect(parseBgpNeighbours("[]")).toEqual([]);
  });

  it("maps the kernel's operstate; anything unexpected is unknown, never up", () => {
    expect(["UP", "DOWN", "LOWERLAYERDOWN", "UNKNOWN", undefined].map(operStateOf)).toEqual(["up", "down", "down", "unknown", "unknown"]);
  });

  it("takes flags over SWITCH_* variables and names every bad field", () => {
    const cfg = parseSwitchAgentConfig(["--id", "r01leaf01", "--uplinks", "swp31, swp32", "--fast-convergence"], {
      SWITCH_API_URL: "http://127.0.0.1:3002/", SWITCH_BOOT_CREDENTIAL: "mbc_x", SWITCH_ID: "ignored", SWITCH_RACK: "r01", SWITCH_ASN: "4200000011", SWITCH_ROUTER_ID: "10.1.0.11",
    });
    expect(cfg).toMatchObject({ apiUrl: "http://127.0.0.1:3002", id: "r01leaf01", uplinks: ["swp31", "swp32"], asn: 4200000011, fastConvergence: true, intervalSeconds: 10, frrDir: "/etc/frr" });
    expect(() => parseSwitchAgentConfig([], { SWITCH_BOOT_CREDENTIAL: "mmc_x" })).toThrow(ConfigError);
    expect(() => parseSwitchAgentConfig(["--asn", "0"], {})).toThrow(/--apiUrl[\s\S]*--bootCredential[\s\S]*--asn/);
  });
  it("splits vtysh's back-to-back JSON answers (braces inside strings included); a broken one is null", () => {
    expect(splitJsonDocuments('{"a":1,"s":"}{"}\n{"totalPrefixCounter":2}\n% no such\n{"b":')).toEqual([{ a: 1, s: "}{" }, { totalPrefixCounter: 2 }]);
    expect(splitJsonDocuments('{"x":{"y":[1,2]}}{bad}')).toEqual([{ x: { y: [1, 2] } }, null]);
  });
});

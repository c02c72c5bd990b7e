import { describe, expect, it } from "vitest";
import { assignVlans, VLAN_MAX, VLAN_MIN, VlansExhaustedError } from "./vlans";
import { matchPortName, toCumulus, toSonic } from "./port-names";

describe("per-switch VLANs for VNIs", () => {
  it("keeps existing reservations, gives new VNIs the lowest free ids and drops unused ones", () => {
    const out = assignVlans("s", new Map([[1005, 1001], [1009, 1002]]), [1009, 1003, 1004]);
    expect([...out].sort((a, b) => a[0] - b[0])).toEqual([[1003, 1001], [1004, 1003], [1009, 1002]]);
  });
  it("refuses more VNIs than VLANs and never hands out an id outside 1001–2000", () => {
    expect(() => assignVlans("s", new Map(), Array.from({ length: 1001 }, (_, i) => i + 1))).toThrow(VlansExhaustedError);
    const all = assignVlans("s", new Map([[1, 5]]), Array.from({ length: 1000 }, (_, i) => i + 1));
    const ids = [...all.values()];
    expect(new Set(ids).size).toBe(1000);
    expect(Math.min(...ids)).toBe(VLAN_MIN);
    expect(Math.max(...ids)).toBe(VLAN_MAX);
  });
});

describe("port names across switch OSes", () => {
  it("maps Cumulus swpN(sM) to SONiC Ethernet<(N-1)*4+M> and back", () => {
    expect(toSonic("swp1")).toBe("Ethernet0");
    expect(toSonic("swp3s2")).toBe("Ethernet10");
    expect(toCumulus("Ethernet8", false)).toBe("swp3");
    expect(toCumulus("Ethernet10", true)).toBe("swp3s2");
    expect(toCumulus("Ethernet10", false)).toBeNull();
    expect(matchPortName("swp2", new Set(["Ethernet0", "Ethernet4"]))).toBe("Ethernet4");
    expect(matchPortName("Ethernet4", new Set(["swp1", "swp2"]))).toBe("swp2");
    expect(matchPortName("swp9", new Set(["swp1"]))).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { cablingFromNics } from "./connections";

const nic = (name: string, ...nbs: [string, string][]) => ({ name, mac: `52:54:00:00:00:0${name.slice(-1)}`, neighbours: nbs.map(([switchName, port]) => ({ switchName, port })) });

describe("cabling from LLDP", () => {
  it("binds two NICs to the mirrored ports of the two leaves of one rack", () => {
    const c = cablingFromNics([nic("lan0", ["r01leaf01", "swp3"]), nic("lan1", ["r01leaf02", "swp3"])]);
    expect(c.issue).toBeNull();
    expect(c.rack).toBe("r01");
    expect(c.connections).toEqual([
      { nicName: "lan0", nicMac: "52:54:00:00:00:00", switchId: "r01leaf01", port: "swp3" },
      { nicName: "lan1", nicMac: "52:54:00:00:00:01", switchId: "r01leaf02", port: "swp3" },
    ]);
  });

  it.each([
    ["one leaf only", [nic("lan0", ["r01leaf01", "swp3"]), nic("lan1")], /1 leaf link/],
    ["leaves of two racks", [nic("lan0", ["r01leaf01", "swp3"]), nic("lan1", ["r02leaf02", "swp3"])], /r01leaf01 is in r01, r02leaf02 in r02/],
    ["ports not mirrored", [nic("lan0", ["r01leaf01", "swp3"]), nic("lan1", ["r01leaf02", "swp4"])], /not mirrored/],
    ["the same leaf twice", [nic("lan0", ["r01leaf01", "swp3"]), nic("lan1", ["r01leaf01", "swp4"])], /same leaf/],
    ["both links on one NIC", [nic("lan0", ["r01leaf01", "swp3"], ["r01leaf02", "swp3"]), nic("lan1")], /both leaf links are on NIC lan0/],
    ["three leaves", [nic("lan0", ["r01leaf01", "swp3"]), nic("lan1", ["r01leaf02", "swp3"]), nic("lan2", ["r01leaf03", "swp3"])], /3 leaf link/],
  ])("refuses %s", (_name, nics, issue) => {
    const c = cablingFromNics(nics);
    expect(c.issue).toMatch(issue);
    expect(c.rack).toBeNull();
  });

  it("ignores non-leaf neighbours and says when nothing was reported", () => {
    expect(cablingFromNics([nic("lan0", ["spine01", "swp1"]), nic("lan1", ["r01leaf01", "swp1"]), nic("lan2", ["r01leaf02", "swp1"])]).issue).toBeNull();
    expect(cablingFromNics([nic("lan0"), nic("lan1")])).toMatchObject({ reported: false, issue: "it reports no LLDP neighbours" });
  });

  it("takes the rack of a registered switch over its name", () => {
    const racks: Record<string, string> = { "sw-a": "r07", "sw-b": "r07" };
    const c = cablingFromNics([nic("lan0", ["sw-a", "Ethernet0"]), nic("lan1", ["sw-b", "Ethernet0"])], (id) => racks[id] ?? null);
    expect(c).toMatchObject({ issue: null, rack: "r07" });
  });
});

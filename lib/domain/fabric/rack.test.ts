import { describe, expect, it } from "vitest";
import { rackFromNeighbours, rackFromSwitchName } from "./rack";

const nic = (...switches: string[]) => ({ neighbours: switches.map((switchName) => ({ switchName })) });

describe("rack from LLDP neighbours", () => {
  it("takes the part of a leaf switch's name before 'leaf'", () => {
    expect(rackFromSwitchName("r01leaf01")).toBe("r01");
    expect(rackFromSwitchName("R07LEAF2")).toBe("r07");
    expect(rackFromSwitchName("fra1-r03-leaf-1")).toBe("fra1-r03");
    expect(rackFromSwitchName("rack_12_leaf")).toBe("rack_12");
  });

  it("ignores switches that are not leaves", () => {
    for (const name of ["spine01", "r01spine01", "leaf01", "mgmt-switch", ""]) expect(rackFromSwitchName(name), name).toBeNull();
  });

  it("answers the rack both leaves agree on, nothing when they disagree or none is a leaf", () => {
    expect(rackFromNeighbours([nic("r01leaf01"), nic("r01leaf02")])).toBe("r01");
    expect(rackFromNeighbours([nic("r01leaf01", "spine01"), nic()])).toBe("r01");
    expect(rackFromNeighbours([nic("r01leaf01"), nic("r02leaf02")])).toBeNull();
    expect(rackFromNeighbours([nic("spine01")])).toBeNull();
    expect(rackFromNeighbours([])).toBeNull();
  });
});

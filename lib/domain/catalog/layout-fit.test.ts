import { describe, expect, it } from "vitest";
import { layoutFits, type FilesystemLayout } from "./filesystem-layout";
import { raidLvmLayout, simpleLayout } from "./layout.fixtures";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const ssd480 = 480_103_981_056;
const nvme960 = 960_197_124_096;

function edit(base: FilesystemLayout, change: (l: FilesystemLayout) => void): FilesystemLayout {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

describe("layoutFits", () => {
  it("fits the one-disk layout on a 480 GB SSD", () => {
    expect(layoutFits(simpleLayout, [{ name: "/dev/sda", sizeBytes: ssd480 }])).toEqual([]);
  });

  it("fits the RAID 1 + LVM layout on two 960 GB NVMe disks", () => {
    const disks = [{ name: "/dev/nvme0n1", sizeBytes: nvme960 }, { name: "/dev/nvme1n1", sizeBytes: nvme960 }];
    expect(layoutFits(raidLvmLayout, disks)).toEqual([]);
  });

  it("accepts disk names reported without /dev/ and ignores disks the layout does not use", () => {
    expect(layoutFits(simpleLayout, [{ name: "sda", sizeBytes: ssd480 }, { name: "sdb", sizeBytes: 1 }])).toEqual([]);
  });

  it("names a disk the machine does not have", () => {
    expect(layoutFits(raidLvmLayout, [{ name: "/dev/nvme0n1", sizeBytes: nvme960 }])).toEqual([
      { field: "disks.1.device", message: "the machine has no disk /dev/nvme1n1" },
    ]);
  });

  it("reports fixed partitions larger than the disk", () => {
    const big = edit(simpleLayout, (l) => (l.disks[0].partitions[0].sizeMiB = 500_000));
    expect(layoutFits(big, [{ name: "/dev/sda", sizeBytes: ssd480 }])).toEqual([
      { field: "disks.0.partitions", message: "partitions need 500000 MiB but /dev/sda has 457861 MiB usable" },
    ]);
  });

  it("keeps room for the GPT: 1 MiB in front, the backup table at the end", () => {
    const exact = edit(simpleLayout, (l) => (l.disks[0].partitions = [{ number: 1, label: "root", sizeMiB: 1000 }]));
    const disk = (bytes: number) => [{ name: "/dev/sda", sizeBytes: bytes }];
    expect(layoutFits(exact, disk(1001 * MiB + 33 * 512))).toEqual([]);
    expect(layoutFits(exact, disk(1001 * MiB + 33 * 512 - 1))).toHaveLength(1);
    expect(layoutFits(exact, disk(1000 * MiB))).toHaveLength(1);
  });

  it("reports a rest-of-disk partition with nothing left", () => {
    const full = edit(simpleLayout, (l) => (l.disks[0].partitions[0].sizeMiB = 1000));
    expect(layoutFits(full, [{ name: "/dev/sda", sizeBytes: 1001 * MiB + 33 * 512 }])).toEqual([
      { field: "disks.0.partitions.1.sizeMiB", message: "no space left on /dev/sda for this partition" },
    ]);
  });

  it("reports logical volumes larger than their volume group (through RAID 1)", () => {
    const bigSwap = edit(raidLvmLayout, (l) => (l.logicalVolumes[0].sizeMiB = 900_000));
    const disks = [{ name: "/dev/nvme0n1", sizeBytes: nvme960 }, { name: "/dev/nvme1n1", sizeBytes: nvme960 }];
    const problems = layoutFits(bigSwap, disks);
    expect(problems.map((p) => p.field)).toEqual(["logicalVolumes.0.sizeMiB", "logicalVolumes.1.sizeMiB"]);
    expect(problems[0].message).toMatch(/volume group vg00 holds at most 865214 MiB/);
  });

  it("counts a raid1 logical volume twice", () => {
    const mirrored = edit(simpleLayout, (l) => {
      l.disks.push({ device: "/dev/sdb", wipeOnReinstall: false, partitions: [] }, { device: "/dev/sdc", wipeOnReinstall: false, partitions: [] });
      l.volumeGroups.push({ name: "data", devices: ["/dev/sdb", "/dev/sdc"] });
      l.logicalVolumes.push({ name: "data", volumeGroup: "data", sizeMiB: 120 * 1024, lvmType: "raid1" });
    });
    const disks = [{ name: "sda", sizeBytes: ssd480 }, { name: "sdb", sizeBytes: 100 * GiB }, { name: "sdc", sizeBytes: 100 * GiB }];
    expect(layoutFits(mirrored, disks)).toEqual([
      { field: "logicalVolumes.0.sizeMiB", message: "volume group data holds at most 204800 MiB; logical volumes up to here need 245760 MiB" },
    ]);
    const linear = edit(mirrored, (l) => (l.logicalVolumes[0].lvmType = "linear"));
    expect(layoutFits(linear, disks)).toEqual([]);
  });
});

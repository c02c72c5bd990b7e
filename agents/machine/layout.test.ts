import { describe, expect, it } from "vitest";
import { disksToPartition, type Layout, LayoutError, MiB, osTargets, partitionDevice, planDisk, planLayout } from "./layout";
import { mirrored, singleDisk } from "./layout.fixtures";

const GB = 1000 ** 3;
const nvme = ["/dev/nvme0n1", "/dev/nvme1n1"];

describe("partition planning", () => {
  it("names partitions as the kernel does", () => {
    expect(partitionDevice("/dev/sda", 2)).toBe("/dev/sda2");
    expect(partitionDevice("/dev/nvme0n1", 2)).toBe("/dev/nvme0n1p2");
  });

  it("aligns to 1 MiB and lets a size-0 last partition fill the disk up to the backup GPT", () => {
    const disk = planDisk(singleDisk.disks[0], 480 * GB);
    const [efi, root] = disk.partitions;
    expect(efi).toMatchObject({ device: "/dev/sda1", startBytes: MiB, sizeBytes: 500 * MiB, gptType: "ef00" });
    expect(root.startBytes).toBe(501 * MiB);
    expect(root.startBytes + root.sizeBytes).toBe(Math.floor((480 * GB) / MiB) * MiB - MiB);
  });

  it("refuses partitions that do not fit, and a fill-the-rest partition that is not last", () => {
    expect(() => planDisk(mirrored.disks[0], 40 * GB)).toThrow(/partition 2 \(root\) does not fit/);
    const bad = { ...singleDisk.disks[0], partitions: [...singleDisk.disks[0].partitions].reverse() };
    expect(() => planDisk(bad, 480 * GB)).toThrow(LayoutError);
  });

  it("refuses a layout for disks the machine does not have", () => {
    expect(() => planLayout(mirrored, [{ name: "/dev/sda", sizeBytes: 480 * GB }])).toThrow(/needs \/dev\/nvme0n1.*has \/dev\/sda/);
  });

  it("puts the OS image on the root partition, or on both halves of a root mirror", () => {
    const single = planLayout(singleDisk, [{ name: "/dev/sda", sizeBytes: 480 * GB }]);
    expect(osTargets(singleDisk, single).map((p) => p.device)).toEqual(["/dev/sda2"]);
    const both = planLayout(mirrored, nvme.map((name) => ({ name, sizeBytes: 960 * GB })));
    expect(osTargets(mirrored, both).map((p) => [p.device, p.startBytes])).toEqual([["/dev/nvme0n1p2", 501 * MiB], ["/dev/nvme1n1p2", 501 * MiB]]);
  });

  it("re-partitions every disk on install, only wipeOnReinstall disks on reinstall", () => {
    const keepSecond: Layout = { ...mirrored, disks: [mirrored.disks[0], { ...mirrored.disks[1], wipeOnReinstall: false }] };
    expect([...disksToPartition(keepSecond, false)]).toEqual(nvme);
    expect([...disksToPartition(keepSecond, true)]).toEqual(["/dev/nvme0n1"]);
  });
});

import { describe, expect, it } from "vitest";
import { isReinstallable, layoutProblems, logicalVolumeDevice, partitionDevice, type FilesystemLayout } from "./filesystem-layout";
import { raidLvmLayout, simpleLayout } from "./layout.fixtures";

describe("device names", () => {
  it.each([
    ["/dev/sda", 1, "/dev/sda1"],
    ["/dev/vdb", 12, "/dev/vdb12"],
    ["/dev/nvme0n1", 1, "/dev/nvme0n1p1"],
    ["/dev/mmcblk0", 2, "/dev/mmcblk0p2"],
  ])("partition %i of %s is %s", (disk, n, expected) => {
    expect(partitionDevice(disk, n)).toBe(expected);
  });
  it("names logical volumes by group", () => {
    expect(logicalVolumeDevice("vg00", "varlib")).toBe("/dev/vg00/varlib");
  });
});

describe("layoutProblems", () => {
  it("accepts a one-disk ext4 layout", () => {
    expect(layoutProblems(simpleLayout)).toEqual([]);
  });
  it("accepts a RAID 1 + LVM layout on two disks", () => {
    expect(layoutProblems(raidLvmLayout)).toEqual([]);
  });
  it("accepts whole disks as LVM physical volumes", () => {
    const lvmOnDisks = edit(simpleLayout, (l) => {
      l.disks.push({ device: "/dev/sdb", wipeOnReinstall: false, partitions: [] }, { device: "/dev/sdc", wipeOnReinstall: false, partitions: [] });
      l.volumeGroups.push({ name: "data", devices: ["/dev/sdb", "/dev/sdc"] });
      l.logicalVolumes.push({ name: "data", volumeGroup: "data", sizeMiB: 0, lvmType: "raid1" });
      l.filesystems.push({ path: "/data", device: "/dev/data/data", format: "ext4" });
    });
    expect(layoutProblems(lvmOnDisks)).toEqual([]);
  });

  type Case = [string, FilesystemLayout, (l: FilesystemLayout) => void, string, RegExp];
  const s = simpleLayout;
  const r = raidLvmLayout;
  it.each<Case>([
    // devices that do not exist
    ["missing partition", s, (l) => (l.filesystems[1].device = "/dev/sda3"), "filesystems.1.device", /\/dev\/sda3 does not exist/],
    ["missing RAID member", r, (l) => (l.raid[1].devices[1] = "/dev/nvme2n1p2"), "raid.1.devices.1", /does not exist/],
    ["missing md device", r, (l) => (l.filesystems[1].device = "/dev/md9"), "filesystems.1.device", /does not exist/],
    ["missing volume group", r, (l) => (l.logicalVolumes[0].volumeGroup = "vg01"), "logicalVolumes.0.volumeGroup", /no volume group "vg01"/],
    ["tmpfs on a disk", s, (l) => (l.filesystems[2].device = "/dev/sda2"), "filesystems.2.device", /"tmpfs"/],
    ["\"tmpfs\" as a block device", s, (l) => (l.filesystems[1].device = "tmpfs"), "filesystems.1.device", /does not exist/],
    // sizes and numbering
    ["rest partition not last", s, (l) => (l.disks[0].partitions[0].sizeMiB = 0), "disks.0.partitions.0.sizeMiB", /only allowed for the last partition/],
    ["rest LV not last in its group", r, (l) => (l.logicalVolumes[0].sizeMiB = 0), "logicalVolumes.0.sizeMiB", /group's last logical volume/],
    ["duplicate partition number", s, (l) => (l.disks[0].partitions[1].number = 1), "disks.0.partitions.1.number", /duplicates disks.0.partitions.0.number/],
    ["descending partition numbers", s, (l) => (l.disks[0].partitions[0].number = 3), "disks.0.partitions.1.number", /ascending/],
    ["partition number 0", s, (l) => (l.disks[0].partitions[0].number = 0), "disks.0.partitions.0.number", /1 to 128/],
    ["negative size", s, (l) => (l.disks[0].partitions[0].sizeMiB = -1), "disks.0.partitions.0.sizeMiB", /non-negative integer/],
    ["unknown GPT type", s, (l) => (l.disks[0].partitions[0].gptType = "ff00"), "disks.0.partitions.0.gptType", /ef00/],
    ["GPT name too long", s, (l) => (l.disks[0].partitions[0].label = "x".repeat(37)), "disks.0.partitions.0.label", /36/],
    ["by-id disk path", s, (l) => (l.disks[0].device = "/dev/disk/by-id/ata-X"), "disks.0.device", /whole disk/],
    // using a device twice
    ["device formatted twice", s, (l) => l.filesystems.push({ path: "/data", device: "/dev/sda2", format: "ext4" }), "filesystems.3.device", /already used by filesystems.1.device/],
    ["RAID member also formatted", r, (l) => (l.filesystems[1].device = "/dev/nvme0n1p2"), "filesystems.1.device", /already used by raid.1.devices.0/],
    ["partitioned disk used whole", r, (l) => (l.volumeGroups[0].devices = ["/dev/nvme0n1"]), "volumeGroups.0.devices.0", /has partitions/],
    ["RAID of RAID", r, (l) => (l.raid[2].devices = ["/dev/md1", "/dev/md2"]), "raid.2.devices.0", /is a RAID array; expected a disk or partition/],
    ["duplicate mount path", s, (l) => l.filesystems.push({ path: "/", device: "tmpfs", format: "tmpfs" }), "filesystems.3.path", /already mounted by filesystems.1/],
    // RAID and LVM rules
    ["RAID 1 with one device", r, (l) => (l.raid[0].devices = ["/dev/nvme0n1p1"]), "raid.0.devices", /RAID 1 needs at least 2 devices/],
    ["md name", r, (l) => (l.raid[0].name = "/dev/raid1"), "raid.0.name", /md device/],
    ["raid1 LV on one PV", r, (l) => (l.logicalVolumes[0].lvmType = "raid1"), "logicalVolumes.0.lvmType", /at least 2 devices/],
    ["duplicate LV", r, (l) => (l.logicalVolumes[1].name = "swap"), "logicalVolumes.1.name", /already declared at logicalVolumes.0.name/],
    ["duplicate VG", r, (l) => l.volumeGroups.push({ name: "vg00", devices: ["/dev/md2"] }), "volumeGroups.1.name", /duplicates volumeGroups.0.name/],
    ["VG named like a disk", r, (l) => (l.volumeGroups[0].name = "nvme0n1"), "volumeGroups.0.name", /clashes with the device/],
    ["bad VG name", r, (l) => (l.volumeGroups[0].name = "-vg"), "volumeGroups.0.name", /not start with -/],
    // filesystems
    ["no root", s, (l) => l.filesystems.splice(1, 1), "filesystems", /mounted at "\/"/],
    ["relative mount path", s, (l) => (l.filesystems[1].path = "var"), "filesystems.1.path", /absolute/],
    ["trailing slash", s, (l) => (l.filesystems[2].path = "/tmp/"), "filesystems.2.path", /end with/],
    ["tmpfs without path", s, (l) => delete l.filesystems[2].path, "filesystems.2.path", /give it a path/],
    ["swap with a path", r, (l) => (l.filesystems[3].path = "/swap"), "filesystems.3.path", /not mounted/],
    ["EFI not vfat", s, (l) => (l.filesystems[0].format = "ext4"), "filesystems.0.format", /must be vfat/],
    ["vfat label too long", s, (l) => (l.filesystems[0].label = "EFI-SYSTEM-1"), "filesystems.0.label", /11 bytes/],
    ["ext4 label too long", s, (l) => (l.filesystems[1].label = "root-filesystem-1"), "filesystems.1.label", /16 bytes/],
    ["create option with a space", s, (l) => (l.filesystems[0].createOptions = ["-F 32"]), "filesystems.0.createOptions.0", /separate entries/],
    ["mdadm option with a space", r, (l) => (l.raid[0].createOptions = ["--metadata 1.0"]), "raid.0.createOptions.0", /separate entries/],
    // constraints
    ["size wildcard", s, (l) => (l.constraints.sizes = ["c1-*"]), "constraints.sizes.0", /no wildcards/],
    ["size twice", s, (l) => (l.constraints.sizes = ["c1-small-x86", "c1-small-x86"]), "constraints.sizes.1", /listed twice/],
    ["os wildcard", s, (l) => (l.constraints.images = { "*": "*" }), "constraints.images.*", /not an os name/],
    ["bad range", s, (l) => (l.constraints.images = { ubuntu: "latest" }), "constraints.images.ubuntu", /not a version range/],
  ])("%s → %s", (_, base, change, field, message) => {
    const problems = layoutProblems(edit(base, change));
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });
});

describe("isReinstallable", () => {
  it("needs at least one disk that is wiped on reinstall", () => {
    expect(isReinstallable(raidLvmLayout)).toBe(true);
    expect(isReinstallable(edit(raidLvmLayout, (l) => l.disks.forEach((d) => (d.wipeOnReinstall = false))))).toBe(false);
  });
});

function edit(base: FilesystemLayout, change: (l: FilesystemLayout) => void): FilesystemLayout {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

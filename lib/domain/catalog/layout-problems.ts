import { fieldPath, type FieldError } from "./field-error";
import { declare, isCount, optionProblems, use, type LayoutCheck } from "./layout-check";
import type { FilesystemLayout, LayoutDisk, LayoutLogicalVolume, LayoutRaid, LayoutVolumeGroup } from "./filesystem-layout";
import { layoutConstraintProblems } from "./layout-constraints";
import {
  DISK_DEVICE_PATTERN,
  GPT_TYPES,
  LVM_NAME_PATTERN,
  RAID_DEVICE_PATTERN,
  logicalVolumeDevice,
  partitionDevice,
} from "./layout-devices";
import { filesystemProblems } from "./layout-filesystems";

/**
 * Semantic checks of a layout. Every problem found here would otherwise surface as a failed
 * install on real hardware (machine stuck, tenant waiting), so we check everything we can
 * without knowing the machine's disks; layoutFits adds the checks that need them.
 */

function checkDisk(check: LayoutCheck, disk: LayoutDisk, i: number) {
  const at = (...rest: (string | number)[]) => fieldPath("disks", i, ...rest);
  const fail = (field: string, message: string) => check.problems.push({ field, message });
  if (!DISK_DEVICE_PATTERN.test(disk.device)) fail(at("device"), "must be a whole disk such as /dev/sda or /dev/nvme0n1");
  declare(check, disk.device, "disk", at("device"));
  if (disk.partitions.length > 0) check.partitioned.add(disk.device);
  const seen = new Map<number, number>();
  disk.partitions.forEach((p, j) => {
    const number = at("partitions", j, "number");
    if (!Number.isInteger(p.number) || p.number < 1 || p.number > 128) fail(number, "must be an integer from 1 to 128");
    else if (seen.has(p.number)) fail(number, `duplicates ${at("partitions", seen.get(p.number)!, "number")}`);
    else {
      // Partitions are created in list order, so "rest of the disk" is only meaningful at the
      // end, and ascending numbers keep the kernel's names in the order of the disk.
      if (j > 0 && p.number < disk.partitions[j - 1].number) fail(number, "partitions must be listed in ascending order");
      seen.set(p.number, j);
      declare(check, partitionDevice(disk.device, p.number), "partition", number);
    }
    if (!isCount(p.sizeMiB)) fail(at("partitions", j, "sizeMiB"), "must be a non-negative integer");
    else if (p.sizeMiB === 0 && j < disk.partitions.length - 1) {
      fail(at("partitions", j, "sizeMiB"), "0 (rest of the disk) is only allowed for the last partition");
    }
    if (p.gptType !== undefined && !Object.hasOwn(GPT_TYPES, p.gptType)) {
      fail(at("partitions", j, "gptType"), `must be one of ${Object.entries(GPT_TYPES).map(([k, v]) => `${k} (${v})`).join(", ")}`);
    }
    if (p.label.length === 0 || p.label.length > 36) fail(at("partitions", j, "label"), "must be 1 to 36 characters (a GPT partition name)");
  });
}

function checkRaid(check: LayoutCheck, raid: LayoutRaid, i: number) {
  const at = (key: string) => fieldPath("raid", i, key);
  if (!RAID_DEVICE_PATTERN.test(raid.name)) check.problems.push({ field: at("name"), message: "must be an md device such as /dev/md0" });
  declare(check, raid.name, "raid", at("name"));
  // mdadm refuses a one-device RAID 1 or 0 without --force, and neither would protect anything.
  if (raid.devices.length < 2) check.problems.push({ field: at("devices"), message: `RAID ${raid.level} needs at least 2 devices` });
  optionProblems(check, raid.createOptions, at("createOptions"));
}

function lvmNameProblem(name: string): string | null {
  return LVM_NAME_PATTERN.test(name) && name !== "." && name !== ".." ? null : "must be 1 to 127 of A-Z a-z 0-9 + _ . - and not start with -";
}

function checkVolumeGroup(check: LayoutCheck, vg: LayoutVolumeGroup, i: number, names: Map<string, number>) {
  const at = (key: string) => fieldPath("volumeGroups", i, key);
  const nameProblem = lvmNameProblem(vg.name);
  if (nameProblem) check.problems.push({ field: at("name"), message: nameProblem });
  else if (names.has(vg.name)) check.problems.push({ field: at("name"), message: `duplicates volumeGroups.${names.get(vg.name)}.name` });
  // Its logical volumes appear under /dev/<vg>/, which must not be an existing device node.
  else if (check.devices.has(`/dev/${vg.name}`)) check.problems.push({ field: at("name"), message: `clashes with the device /dev/${vg.name}` });
  if (!names.has(vg.name)) names.set(vg.name, i);
  if (vg.devices.length === 0) check.problems.push({ field: at("devices"), message: "needs at least one device" });
}

function checkLogicalVolume(check: LayoutCheck, lv: LayoutLogicalVolume, i: number, all: LayoutLogicalVolume[], vgs: LayoutVolumeGroup[]) {
  const at = (key: string) => fieldPath("logicalVolumes", i, key);
  const fail = (key: string, message: string) => check.problems.push({ field: at(key), message });
  const nameProblem = lvmNameProblem(lv.name);
  if (nameProblem) fail("name", nameProblem);
  const vg = vgs.find((g) => g.name === lv.volumeGroup);
  if (!vg) fail("volumeGroup", `no volume group "${lv.volumeGroup}" in this layout`);
  else if (lv.lvmType !== "linear" && vg.devices.length < 2) fail("lvmType", `${lv.lvmType} needs a volume group with at least 2 devices; use linear`);
  if (!isCount(lv.sizeMiB)) fail("sizeMiB", "must be a non-negative integer");
  else if (lv.sizeMiB === 0 && all.slice(i + 1).some((o) => o.volumeGroup === lv.volumeGroup)) {
    fail("sizeMiB", "0 (rest of the volume group) is only allowed for the group's last logical volume");
  }
  declare(check, logicalVolumeDevice(lv.volumeGroup, lv.name), "lv", at("name"));
}

/** Field errors with dotted paths (e.g. "filesystems.2.device"); empty when the layout is sound. */
export function layoutProblems(layout: FilesystemLayout): FieldError[] {
  const check: LayoutCheck = { problems: [], devices: new Map(), usedBy: new Map(), partitioned: new Set() };
  // Declare every device first so that references do not depend on list order.
  layout.disks.forEach((d, i) => checkDisk(check, d, i));
  layout.raid.forEach((r, i) => checkRaid(check, r, i));
  const vgNames = new Map<string, number>();
  layout.volumeGroups.forEach((vg, i) => checkVolumeGroup(check, vg, i, vgNames));
  layout.logicalVolumes.forEach((lv, i) => checkLogicalVolume(check, lv, i, layout.logicalVolumes, layout.volumeGroups));
  // Then follow the references. RAID members are raw disks or partitions (no nested arrays).
  layout.raid.forEach((r, i) => r.devices.forEach((d, j) => use(check, d, fieldPath("raid", i, "devices", j), ["disk", "partition"])));
  layout.volumeGroups.forEach((vg, i) =>
    vg.devices.forEach((d, j) => use(check, d, fieldPath("volumeGroups", i, "devices", j), ["disk", "partition", "raid"])),
  );
  filesystemProblems(check, layout.filesystems);
  check.problems.push(...layoutConstraintProblems(layout.constraints));
  return check.problems;
}

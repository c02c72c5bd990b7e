import { fieldPath, type FieldError } from "./field-error";

/** Bookkeeping shared by the layout checks in layout-problems.ts and layout-filesystems.ts. */

export type DeviceKind = "disk" | "partition" | "raid" | "lv";
const KIND_NAMES: Record<DeviceKind, string> = { disk: "disk", partition: "partition", raid: "RAID array", lv: "logical volume" };

/** What validation has learnt so far; shared by the per-section checks. */
export type LayoutCheck = {
  problems: FieldError[];
  /** Every block device the layout creates, and where it is declared. */
  devices: Map<string, { kind: DeviceKind; field: string }>;
  /** Block devices already used by a RAID array, volume group or filesystem. */
  usedBy: Map<string, string>;
  /** Disks that carry partitions and so cannot also be used whole. */
  partitioned: Set<string>;
};

export const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

export function declare(check: LayoutCheck, device: string, kind: DeviceKind, field: string) {
  const existing = check.devices.get(device);
  if (existing) check.problems.push({ field, message: `${device} is already declared at ${existing.field}` });
  else check.devices.set(device, { kind, field });
}

/**
 * Records that `field` builds on `device`. A block device can carry only one thing: a RAID
 * member, a physical volume or a filesystem; using it twice would have mdadm, LVM and mkfs
 * overwrite each other's metadata.
 */
export function use(check: LayoutCheck, device: string, field: string, allowed: DeviceKind[]) {
  const fail = (message: string) => check.problems.push({ field, message });
  const found = check.devices.get(device);
  const names = allowed.map((k) => KIND_NAMES[k]);
  const expected = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names[0];
  if (!found) return fail(`${device} does not exist in this layout (expected a ${expected})`);
  if (!allowed.includes(found.kind)) return fail(`${device} is a ${KIND_NAMES[found.kind]}; expected a ${expected}`);
  if (found.kind === "disk" && check.partitioned.has(device)) return fail(`${device} has partitions; use one of them`);
  const prior = check.usedBy.get(device);
  if (prior) return fail(`${device} is already used by ${prior}`);
  check.usedBy.set(device, field);
}

/** Options are passed to mdadm/mkfs as separate argv entries, so one entry must be one word. */
export function optionProblems(check: LayoutCheck, options: string[] | undefined, field: string) {
  options?.forEach((o, k) => {
    if (o === "" || /\s/.test(o)) check.problems.push({ field: fieldPath(field, k), message: "must be one non-empty word; split options with spaces into separate entries" });
  });
}

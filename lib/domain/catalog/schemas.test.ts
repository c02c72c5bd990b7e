import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { FilesystemLayout } from "./filesystem-layout";
import { raidLvmLayout, simpleLayout } from "./layout.fixtures";
import {
  filesystemLayoutSchema,
  hardwareSchema,
  imageIdSchema,
  sizeConstraintSchema,
  sizeDefSchema,
} from "./schemas";
import type { Hardware, SizeConstraint, SizeDef } from "./size";
import { catalog, storageNode } from "./size.fixtures";

// The hand-written domain types and the schemas must describe the same shapes; tsc fails here
// if one of them changes without the other.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameShapes: [
  Same<z.output<typeof sizeConstraintSchema>, SizeConstraint>,
  Same<z.output<typeof sizeDefSchema>, SizeDef>,
  Same<z.output<typeof hardwareSchema>, Hardware>,
  Same<z.output<typeof filesystemLayoutSchema>, FilesystemLayout>,
] = [true, true, true, true];

describe("catalog schemas", () => {
  it("describe the same shapes as the domain types", () => {
    expect(sameShapes).toEqual([true, true, true, true]);
  });

  it("accept the fixtures unchanged", () => {
    for (const size of catalog) expect(sizeDefSchema.parse(size)).toEqual(size);
    expect(hardwareSchema.parse(storageNode)).toEqual(storageNode);
    expect(filesystemLayoutSchema.parse(simpleLayout)).toEqual(simpleLayout);
    expect(filesystemLayoutSchema.parse(raidLvmLayout)).toEqual(raidLvmLayout);
  });

  it("rejects a misspelt key instead of dropping it", () => {
    const result = sizeConstraintSchema.safeParse({ type: "cores", min: 1, max: 2, identifer: "AMD*" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["identifer"] });
  });

  it("rejects negative, fractional and unknown values with their path", () => {
    const paths = (input: unknown) => sizeDefSchema.safeParse(input).error?.issues.map((i) => i.path.join("."));
    expect(paths({ id: "x", constraints: [{ type: "cores", min: -1, max: 1.5 }] })).toEqual(["constraints.0.min", "constraints.0.max"]);
    expect(paths({ id: "x", constraints: [{ type: "ram", min: 0, max: 1 }] })).toEqual(["constraints.0.type"]);
  });

  it("fills in empty RAID/LVM sections and wipeOnReinstall", () => {
    const { raid, volumeGroups, logicalVolumes, ...rest } = simpleLayout;
    const input = { ...rest, disks: rest.disks.map(({ wipeOnReinstall, ...d }) => d) };
    const parsed = filesystemLayoutSchema.parse(input);
    expect([parsed.raid, parsed.volumeGroups, parsed.logicalVolumes]).toEqual([[], [], []]);
    expect(parsed.disks[0].wipeOnReinstall).toBe(false);
  });

  it("checks the layout shape, leaving semantics to layoutProblems", () => {
    const bad = { ...simpleLayout, filesystems: [{ device: "/dev/sda2", format: "xfs" }] };
    expect(filesystemLayoutSchema.safeParse(bad).error?.issues.map((i) => i.path.join("."))).toEqual(["filesystems.0.format"]);
  });

  it("checks the form of image ids", () => {
    expect(imageIdSchema.safeParse("ubuntu-24.04.20260101").success).toBe(true);
    expect(imageIdSchema.safeParse("ubuntu-24.04").success).toBe(true);
    expect(imageIdSchema.safeParse("Ubuntu 24.04").success).toBe(false);
    expect(imageIdSchema.safeParse("firewall-ubuntu-3.0.20240101").success).toBe(true);
    expect(imageIdSchema.safeParse("firewall--ubuntu-3.0.20240101").success).toBe(false);
    expect(imageIdSchema.safeParse("ubuntu-24-04.20240101").success).toBe(false);
  });
});

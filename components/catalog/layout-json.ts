import type { FilesystemLayoutDto } from "@/lib/contracts/catalog";

/**
 * A new layout starts from something valid: one disk with an EFI system partition and a root
 * filesystem filling the rest. It lists no sizes, so it is never picked automatically (and never
 * overlaps another layout) until the operator names the sizes it is for.
 */
export const exampleLayout = {
  disks: [
    {
      device: "/dev/sda",
      wipeOnReinstall: true,
      partitions: [
        { number: 1, label: "efi", sizeMiB: 500, gptType: "ef00" },
        { number: 2, label: "root", sizeMiB: 0, gptType: "8300" },
      ],
    },
  ],
  raid: [],
  volumeGroups: [],
  logicalVolumes: [],
  filesystems: [
    { path: "/boot/efi", device: "/dev/sda1", format: "vfat", label: "efi", createOptions: ["-F", "32"] },
    { path: "/", device: "/dev/sda2", format: "ext4", label: "root" },
  ],
  constraints: { sizes: [], images: { ubuntu: ">= 24.4" } },
};

/** The part of a layout edited as JSON: everything but id, name, description and timestamps. */
export function layoutJson(layout?: FilesystemLayoutDto): string {
  if (!layout) return JSON.stringify(exampleLayout, null, 2);
  const { id: _id, name: _name, description: _description, createdAt: _c, updatedAt: _u, ...body } = layout;
  return JSON.stringify(body, null, 2);
}

/** The textarea's JSON as an object, or why it is not one (with the parser's position). */
export function parseLayoutJson(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, message: "must be a JSON object ({ \"disks\": …, \"filesystems\": …, \"constraints\": … })" };
    return { ok: true, value: value as Record<string, unknown> };
  } catch (err) {
    return { ok: false, message: `is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

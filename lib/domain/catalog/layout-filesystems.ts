import { fieldPath } from "./field-error";
import type { LayoutFilesystem } from "./filesystem-layout";
import { optionProblems, use, type LayoutCheck } from "./layout-check";

/** Filesystem checks of a layout: devices, mount points, labels, options. */

function mountPathProblem(path: string): string | null {
  if (!path.startsWith("/")) return "must be an absolute path";
  if (path.length > 255) return "must be at most 255 characters";
  // fstab separates fields by whitespace; escaping it is a source of silent mount failures.
  if (/[\s\u0000-\u001f]/.test(path)) return "must not contain whitespace or control characters";
  if (path === "/") return null;
  if (path.slice(1).split("/").some((s) => s === "" || s === "." || s === "..")) {
    return 'must not contain empty, "." or ".." segments or end with "/"';
  }
  return null;
}

/** Label limits of the mkfs tools: longer labels make mkfs fail mid-install. */
function labelProblem(fs: LayoutFilesystem, label: string): string | null {
  const bytes = new TextEncoder().encode(label).length;
  switch (fs.format) {
    case "vfat":
      return bytes <= 11 ? null : "vfat labels have at most 11 bytes";
    case "ext3":
    case "ext4":
    case "swap":
      return bytes <= 16 ? null : `${fs.format} labels have at most 16 bytes`;
    case "tmpfs":
    case "none":
      return `a ${fs.format} filesystem has no label`;
  }
}

export function filesystemProblems(check: LayoutCheck, filesystems: LayoutFilesystem[]) {
  const paths = new Map<string, number>();
  filesystems.forEach((fs, i) => {
    const at = (key: string) => fieldPath("filesystems", i, key);
    const fail = (key: string, message: string) => check.problems.push({ field: at(key), message });
    if (fs.format === "tmpfs") {
      if (fs.device !== "tmpfs") fail("device", 'a tmpfs lives in memory; its device must be "tmpfs"');
    } else {
      use(check, fs.device, at("device"), ["partition", "raid", "lv", "disk"]);
    }
    if (fs.path === undefined) {
      if (fs.format === "tmpfs") fail("path", "a tmpfs only exists while mounted; give it a path");
    } else if (fs.format === "swap" || fs.format === "none") {
      fail("path", `a ${fs.format} filesystem is not mounted; remove the path`);
    } else {
      const problem = mountPathProblem(fs.path);
      if (problem) fail("path", problem);
      else if (paths.has(fs.path)) fail("path", `${fs.path} is already mounted by filesystems.${paths.get(fs.path)}`);
      else paths.set(fs.path, i);
      // UEFI firmware only reads FAT; anything else at /boot/efi leaves the machine unbootable.
      if (fs.path === "/boot/efi" && fs.format !== "vfat") fail("format", "the EFI system partition (/boot/efi) must be vfat");
    }
    if (fs.label !== undefined) {
      const problem = labelProblem(fs, fs.label);
      if (problem) fail("label", problem);
    }
    optionProblems(check, fs.mountOptions, at("mountOptions"));
    optionProblems(check, fs.createOptions, at("createOptions"));
  });
  if (!paths.has("/")) check.problems.push({ field: "filesystems", message: 'needs a filesystem mounted at "/" to install the OS on' });
}

import { type Layout, LayoutError, type PlannedDisk, rootDevice } from "./layout";

/**
 * What the installer runs against real disks, planned from the layout without running anything
 * (pure, so tests can read every command): GPT per disk with sgdisk, filesystems with mkfs, the
 * mounts for the image, the BIOS bootloader (syslinux's gptmbr.bin + extlinux on the root
 * filesystem, which SeaBIOS and any legacy BIOS boot) and the kexec into the installed kernel.
 * Only devices the layout names appear in these commands.
 */
export type Command = { cmd: string; args: string[] };
export type Mount = { device: string; dir: string; format: string };

export const GPT_LINUX = "8300";
/** GPT attribute bit 2: "legacy BIOS bootable", where gptmbr.bin looks for the partition to boot. */
const LEGACY_BIOS_BOOTABLE = 2;

/** The partition holding /boot (the root partition: the images put kernel and initrd in /boot). */
export function bootPartitionNumber(layout: Layout, planned: readonly PlannedDisk[]): { disk: string; number: number } {
  const root = rootDevice(layout);
  for (const d of planned) {
    const p = d.partitions.find((x) => x.device === root);
    if (p) return { disk: d.device, number: p.number };
  }
  throw new LayoutError(`/ is on ${root}, which is not a partition of the layout's disks: real disks support plain partitions only (no RAID or LVM root yet)`);
}

/** One sgdisk run per disk: a fresh GPT (zap), then each partition at its planned sectors. */
export function partitionCommands(disk: PlannedDisk, bootable: number | null, sectorBytes = 512): Command[] {
  const args: string[] = [];
  for (const p of disk.partitions) {
    const first = p.startBytes / sectorBytes;
    const last = (p.startBytes + p.sizeBytes) / sectorBytes - 1;
    args.push("-n", `${p.number}:${first}:${last}`, "-t", `${p.number}:${p.gptType ?? GPT_LINUX}`, "-c", `${p.number}:${p.label}`);
    if (p.number === bootable) args.push("-A", `${p.number}:set:${LEGACY_BIOS_BOOTABLE}`);
  }
  return [{ cmd: "sgdisk", args: ["--zap-all", disk.device] }, { cmd: "sgdisk", args: [...args, disk.device] }];
}

/** Signatures and partition tables off a whole disk (and every partition it had), then its blocks discarded. */
export function wipeCommands(device: string, partitions: readonly string[]): Command[] {
  return [
    ...partitions.map((p) => ({ cmd: "wipefs", args: ["-a", "-f", p] })),
    { cmd: "wipefs", args: ["-a", "-f", device] },
    { cmd: "sgdisk", args: ["--zap-all", device] },
  ];
}

const FAT_LABEL = (label: string) => label.toUpperCase().replace(/[^A-Z0-9_-]/g, "").slice(0, 11);

/** mkfs for every filesystem on a partition of the layout's disks; tmpfs needs none. */
export function mkfsCommands(layout: Layout, planned: readonly PlannedDisk[]): Command[] {
  const partitions = new Set(planned.flatMap((d) => d.partitions.map((p) => p.device)));
  const out: Command[] = [];
  for (const fs of layout.filesystems) {
    if (fs.format === "tmpfs") continue;
    if (!partitions.has(fs.device)) {
      throw new LayoutError(`${fs.device} (${fs.path ?? fs.format}) is not a partition of the layout's disks: real disks support plain partitions only (no RAID or LVM yet)`);
    }
    const opts = fs.createOptions ?? [];
    if (fs.format === "ext4" || fs.format === "ext3") out.push({ cmd: `mkfs.${fs.format}`, args: ["-F", "-q", ...(fs.label ? ["-L", fs.label] : []), ...opts, fs.device] });
    else if (fs.format === "vfat") out.push({ cmd: "mkfs.vfat", args: [...(fs.label ? ["-n", FAT_LABEL(fs.label)] : []), ...opts, fs.device] });
    else if (fs.format === "swap") out.push({ cmd: "mkswap", args: [...(fs.label ? ["-L", fs.label] : []), fs.device] });
    else throw new LayoutError(`${fs.device}: filesystem format ${fs.format} is not supported on real disks`);
  }
  return out;
}

/** Mounts under `target`, parents first ("/" before "/boot/efi"). */
export function mountPlan(layout: Layout, target: string): Mount[] {
  return layout.filesystems
    .filter((f): f is typeof f & { path: string } => typeof f.path === "string" && f.format !== "tmpfs" && f.format !== "swap")
    .sort((a, b) => a.path.split("/").filter(Boolean).length - b.path.split("/").filter(Boolean).length)
    .map((f) => ({ device: f.device, dir: f.path === "/" ? target : `${target}${f.path}`, format: f.format }));
}

/** The console= parameters of the running kernel: the installed OS talks to the same console. */
export function consoleParams(procCmdline: string): string[] {
  return procCmdline.trim().split(/\s+/).filter((w) => w.startsWith("console="));
}

export function installedCmdline(root: string, procCmdline: string, phoneHomeIntervalSeconds: number): string {
  return [`root=${root}`, ...consoleParams(procCmdline), "ro", `METAL_PHONE_HOME_INTERVAL=${phoneHomeIntervalSeconds}`].join(" ");
}

/** extlinux.conf: boot the image's kernel at once (no prompt, no menu). */
export function extlinuxConfig(b: { kernel: string; initrd: string; cmdline: string }): string {
  return ["DEFAULT metal", "PROMPT 0", "LABEL metal", `  LINUX ${b.kernel}`, `  INITRD ${b.initrd}`, `  APPEND ${b.cmdline}`, ""].join("\n");
}

export function kexecLoad(target: string, b: { kernel: string; initrd: string; cmdline: string }): Command {
  return { cmd: "kexec", args: ["-l", `${target}${b.kernel}`, `--initrd=${target}${b.initrd}`, `--command-line=${b.cmdline}`] };
}

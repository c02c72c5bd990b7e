import { open, mkdir, readdir, readFile, realpath, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { InstallInstructions } from "@/lib/contracts/agent";
import { CommandError, runCommand, type Runner } from "./exec";
import { writeHostNetwork } from "./host-network";
import { downloadImage } from "./image";
import type { Inventory } from "./inventory";
import { disksToPartition, planLayout, type PlannedDisk, rootDevice } from "./layout";
import type { Logger } from "./log";
import { type BootInfo, type PhoneHomeConfig, writeOsFiles, writePhoneHome } from "./os-files";
import { bootPartitionNumber, type Command, extlinuxConfig, installedCmdline, kexecLoad, mkfsCommands, mountPlan, partitionCommands, wipeCommands } from "./real-disk-plan";

/**
 * The installer on real disks (a PXE-booted machine, or the lab's QEMU VM): the same order as
 * the lab's (download and verify before touching a disk, so a bad image leaves the old OS),
 * then wipefs + sgdisk, mkfs, mount, extract the image (a tar with boot/vmlinuz and
 * boot/initrd.img), write the OS configuration, install the BIOS bootloader (gptmbr.bin +
 * extlinux), and load the installed kernel with kexec (so a kexec failure is an install
 * failure, reported with kexec's stderr). Every command names only devices of the layout.
 */
export type RealInstallOptions = {
  scratchDir: string;
  phoneHomeIntervalSeconds: number;
  /** Where the filesystems are mounted while installing. */
  target?: string;
  /** syslinux's GPT MBR boot code (Debian: syslinux-common). */
  gptMbr?: string;
  procCmdline?: string;
  run?: Runner;
};
export type { Command };

const GPT_MBR = "/usr/lib/syslinux/mbr/gptmbr.bin";
const exists = (file: string) => stat(file).then(() => true, () => false);

async function runAll(run: Runner, commands: Command[], log: Logger): Promise<void> {
  for (const c of commands) {
    log("debug", `$ ${c.cmd} ${c.args.join(" ")}`);
    await run(c.cmd, c.args);
  }
}

/** The kernel's partitions of a disk, from /sys/block/<disk>/<disk>N. */
async function partitionsOf(device: string): Promise<string[]> {
  const name = path.basename(device);
  const entries = await readdir(`/sys/block/${name}`).catch(() => [] as string[]);
  return entries.filter((e) => e.startsWith(name) && e !== name).sort().map((e) => `/dev/${e}`);
}

/** Partition device nodes appear once the kernel has re-read the table (sgdisk asks it to); devtmpfs creates them. */
async function waitForDevices(devices: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const d of devices) {
    while (!(await exists(d))) {
      if (Date.now() > deadline) throw new Error(`${d} did not appear within ${timeoutMs / 1000} s after partitioning`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Wipes every disk but those in `keep` (the NVRAM that holds the machine credential):
 * signatures of its partitions and of the disk, the partition tables, then its blocks
 * (blkdiscard; zeroes when the device cannot discard).
 */
export async function wipeRealDisks(disks: readonly { name: string }[], keep: ReadonlySet<string>, log: Logger, run: Runner = runCommand): Promise<void> {
  for (const d of disks) {
    if (keep.has(d.name)) {
      log("info", `not wiping ${d.name}: it holds the machine credential`);
      continue;
    }
    await runAll(run, wipeCommands(d.name, await partitionsOf(d.name)), log);
    try {
      await run("blkdiscard", ["-f", d.name]);
    } catch (err) {
      log("warn", `${(err as Error).message.split("\n")[0]}; zeroing instead`);
      await run("blkdiscard", ["-f", "-z", d.name], { timeoutMs: 6 * 60 * 60_000 });
    }
  }
}

/** The disk device that holds a credential file on a raw block device (null when it is a regular file). */
export async function credentialDevice(file: string | undefined): Promise<string | null> {
  if (!file) return null;
  const real = await realpath(file).catch(() => null);
  if (!real || !(await stat(real)).isBlockDevice()) return null;
  return real;
}

async function unmountAll(run: Runner, mounts: string[], log: Logger): Promise<void> {
  for (const dir of [...mounts].reverse()) {
    await run("umount", [dir]).catch((err: Error) => log("warn", err.message));
  }
}

async function installBootloader(o: { run: Runner; target: string; disk: string; gptMbr: string; bootInfo: BootInfo }, log: Logger): Promise<void> {
  const mbr = await readFile(o.gptMbr).catch(() => {
    throw new Error(`the BIOS boot code ${o.gptMbr} is missing (Debian package syslinux-common)`);
  });
  // The first 440 bytes of the disk: boot code only, the protective MBR's partition entry stays.
  const fh = await open(o.disk, "r+");
  try {
    await fh.write(mbr.subarray(0, 440), 0, 440, 0);
  } finally {
    await fh.close();
  }
  const dir = path.join(o.target, "boot/extlinux");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "extlinux.conf"), extlinuxConfig(o.bootInfo));
  await runAll(o.run, [{ cmd: "extlinux", args: ["--install", dir] }], log);
}

async function mountAll(run: Runner, layout: InstallInstructions["filesystemLayout"], target: string, mounted: string[], log: Logger): Promise<void> {
  for (const m of mountPlan(layout, target)) {
    await mkdir(m.dir, { recursive: true });
    await runAll(run, [{ cmd: "mount", args: ["-t", m.format, m.device, m.dir] }], log);
    mounted.push(m.dir);
  }
}

export async function installOnRealDisks(
  p: { install: InstallInstructions; inventory: Inventory; home: PhoneHomeConfig; signal: AbortSignal; log: Logger },
  o: RealInstallOptions,
): Promise<BootInfo> {
  const { install, log } = p;
  const run = o.run ?? runCommand;
  const layout = install.filesystemLayout;
  const target = o.target ?? "/mnt/target";
  // Everything that can be refused is refused before a single byte is written.
  const planned = planLayout(layout, p.inventory.hardware.disks);
  const boot = bootPartitionNumber(layout, planned);
  const mkfs = mkfsCommands(layout, planned);
  const root = planned.flatMap((d) => d.partitions).find((x) => x.device === rootDevice(layout))!;
  const procCmdline = o.procCmdline ?? (await readFile("/proc/cmdline", "utf8").catch(() => ""));
  const bootInfo: BootInfo = {
    primaryDisk: boot.disk,
    osPartition: root.device,
    kernel: "/boot/vmlinuz",
    initrd: "/boot/initrd.img",
    cmdline: installedCmdline(root.device, procCmdline, o.phoneHomeIntervalSeconds),
    bootloaderId: install.image.id.replace(/-[0-9][0-9.]*$/, ""),
  };

  await mkdir(o.scratchDir, { recursive: true });
  const scratch = path.join(o.scratchDir, "image.download");
  const image = await downloadImage(install.image.url, scratch, install.image.sha256, { signal: p.signal, maxBytes: root.sizeBytes });
  log("info", `downloaded ${install.image.id}: ${image.bytes} bytes, sha256 verified`);
  const mounted: string[] = [];
  try {
    const repartition = disksToPartition(layout, install.reinstall);
    const fresh: PlannedDisk[] = planned.filter((d) => repartition.has(d.device));
    for (const d of fresh) {
      await runAll(run, wipeCommands(d.device, await partitionsOf(d.device)), log);
      await runAll(run, partitionCommands(d, d.device === boot.disk ? boot.number : null), log);
    }
    await waitForDevices(fresh.flatMap((d) => d.partitions.map((x) => x.device)));
    const freshParts = new Set(fresh.flatMap((d) => d.partitions.map((x) => x.device)));
    // A disk kept on reinstall keeps its filesystems too.
    await runAll(run, mkfs.filter((c) => freshParts.has(c.args[c.args.length - 1])), log);
    await mountAll(run, layout, target, mounted, log);
    await runAll(run, [{ cmd: "tar", args: ["-x", "-f", scratch, "-C", target] }], log);
    await writeOsFiles(target, install, p.home, bootInfo);
    // The same host network (lo addresses, BGP unnumbered to both leaves) as a lab disk-file install.
    await writeHostNetwork(target, install, p.inventory);
    await installBootloader({ run, target, disk: boot.disk, gptMbr: o.gptMbr ?? GPT_MBR, bootInfo }, log);
    await runAll(run, [kexecLoad(target, bootInfo)], log);
  } finally {
    await unmountAll(run, mounted, log);
    await rm(scratch, { force: true });
  }
  log("info", `installed ${install.image.id} onto ${root.device}; kexec loaded`);
  return bootInfo;
}

/**
 * A failed reinstall: the previous OS is still on its root partition (nothing was written before
 * the failure, see the order above). Hands it the new machine credential and loads its kernel.
 */
export async function loadInstalledOs(bootInfo: BootInfo, home: PhoneHomeConfig, o: { target?: string; run?: Runner }, log: Logger): Promise<void> {
  const run = o.run ?? runCommand;
  const target = o.target ?? "/mnt/target";
  await mkdir(target, { recursive: true });
  await runAll(run, [{ cmd: "mount", args: [bootInfo.osPartition, target] }], log);
  try {
    await writePhoneHome(target, home);
    await runAll(run, [kexecLoad(target, bootInfo)], log);
  } finally {
    await unmountAll(run, [target], log);
  }
}

/** Jumps into the loaded kernel: returns only when kexec fails. */
export async function kexecExecute(run: Runner = runCommand): Promise<never> {
  await run("sync", []).catch(() => "");
  await run("kexec", ["-e"]);
  throw new CommandError("kexec -e", "returned", "kexec returned instead of starting the installed kernel");
}
